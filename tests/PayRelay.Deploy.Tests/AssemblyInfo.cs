using System.Runtime.Versioning;

// The deployment runs on Linux (unix sockets, HAProxy, nginx, bash): so do its tests.
[assembly: SupportedOSPlatform("linux")]
