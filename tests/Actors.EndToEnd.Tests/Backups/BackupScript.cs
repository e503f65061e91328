using Actors.EndToEnd.Tests.Infrastructure;
using Actors.EndToEnd.Tests.Scripts;

namespace Actors.EndToEnd.Tests.Backups;

/// <summary>The environment an operator gives ./actors backup and restore for one test platform.</summary>
public static class BackupScript
{
    public static Dictionary<string, string> Environment(TestDatabase database, PlatformSecrets secrets, OperatorKeys keys, string backups) => new()
    {
        ["ACTORS_DATABASE"] = database.Name,
        ["Actors__MasterKey"] = secrets.MasterKey,
        ["ACTORS_BACKUP_DIR"] = backups,
        ["ACTORS_BACKUP_RECIPIENT"] = keys.PublicKeyFile,
        ["GNUPGHOME"] = keys.Home,
    };
}
