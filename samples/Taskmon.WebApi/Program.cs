using Taskmon.WebApi;

// A minimal API monitored by Taskmon, the way a service in a fleet is: the dashboard mounted at
// /ops/taskmon behind the "ops" policy, Taskmon's meter on /metrics for Prometheus, its log lines
// (persistent tasks that fault or are cancelled, lost tasks) through the logging pipeline.
// Run: Ops__Key=SECRET dotnet run --project samples/Taskmon.WebApi, open http://localhost:5000/login,
// sign in with SECRET; Prometheus scrapes http://localhost:5000/metrics. docs/fleet.md has the rest.
await SampleApp.Build(args).RunAsync();
