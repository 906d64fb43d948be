#!/usr/bin/env bash
# Publishes PayRelay.Server for linux-x64 into one folder. deploy/Dockerfile's build stage and CI run
# this same script, so the image's build is verified on machines without Docker.
#   default: ReadyToRun, framework-dependent (needs the ASP.NET Core runtime), invariant globalization
#   --aot:   NativeAOT, self-contained single native executable (needs the .NET NativeAOT packs on
#            the NuGet feed, and clang); run it as ./PayRelay.Server
set -euo pipefail

usage() {
  cat <<'EOF'
usage: scripts/publish.sh [--aot] [--output DIR] [--dry-run]
  --aot         publish with NativeAOT instead of ReadyToRun
  --output DIR  where the published files go (default: artifacts/publish/PayRelay.Server)
  --dry-run     print the dotnet command instead of running it
EOF
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
aot=false
dry_run=false
output="$root/artifacts/publish/PayRelay.Server"

while [ "$#" -gt 0 ]; do
  case "$1" in
    --aot) aot=true ;;
    --output)
      [ "$#" -ge 2 ] || { echo "publish.sh: --output needs a directory" >&2; usage >&2; exit 2; }
      output=$2
      shift
      ;;
    --output=*) output=${1#--output=} ;;
    --dry-run) dry_run=true ;;
    -h | --help) usage; exit 0 ;;
    *) echo "publish.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

# A relative --output is relative to where the script was called from, like any other tool.
case "$output" in
  /*) ;;
  *) output="$PWD/$output" ;;
esac

# Publishing with a runtime identifier restores a different asset graph: it gets intermediate
# folders of its own, so it never rewrites the obj/ folders of a build running in the same tree.
if [ "$aot" = true ]; then
  mode_args=(-p:PublishAot=true -p:StripSymbols=true)
  intermediate="$root/artifacts/publish-build/aot"
else
  mode_args=(--self-contained false -p:PublishReadyToRun=true)
  intermediate="$root/artifacts/publish-build/r2r"
fi

cmd=(dotnet publish "$root/src/PayRelay.Server/PayRelay.Server.csproj"
  -c Release -r linux-x64 "${mode_args[@]}"
  -p:InvariantGlobalization=true
  -p:PublishDocumentationFile=false -p:PublishReferencesDocumentationFiles=false
  --artifacts-path "$intermediate" -o "$output" --nologo)

if [ "$dry_run" = true ]; then
  printf '%q ' "${cmd[@]}"
  echo
  exit 0
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
start=$SECONDS
"${cmd[@]}"
echo "publish.sh: $([ "$aot" = true ] && echo NativeAOT || echo ReadyToRun) build of PayRelay.Server in $output ($((SECONDS - start)) s)"
