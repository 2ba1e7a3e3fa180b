// Torch's random generator and thread pool are process-wide: tests that seed them must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
