using System.Runtime.Versioning;
using PayRelay.Testing.Provisioning;

// The deployment runs on Linux (unix sockets, HAProxy, nginx, bash): so do its tests.
[assembly: SupportedOSPlatform("linux")]

// Tests that install a missing tool, or skip for want of it, say so in dotnet test's output.
[assembly: TestFramework(ToolNotices.Framework, ToolNotices.Assembly)]
