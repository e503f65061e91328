// Each fixture runs a whole platform (silo, gateway, database); one at a time keeps the
// two cores of a test machine from starving membership probes.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
