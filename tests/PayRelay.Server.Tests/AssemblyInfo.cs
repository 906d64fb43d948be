using PayRelay.Testing.Provisioning;

// Tests that install a missing tool, or skip for want of it, say so in dotnet test's output.
[assembly: TestFramework(ToolNotices.Framework, ToolNotices.Assembly)]
