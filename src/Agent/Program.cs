// Placeholder entry point; the agent host follows.
System.Console.WriteLine("LabPortal agent");
