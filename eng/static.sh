# Helpers for scripts/build-static and scripts/test.d/static.sh: AOT publishes, Debian roots and
# OCI images, each cached under artifacts/cache and keyed on a hash of its inputs, so a second run
# costs seconds. Source it after scripts/lib/common.sh; do not run it.
# shellcheck shell=bash

CACHE="$REPO_ROOT/artifacts/cache"
BIN_DIR="$REPO_ROOT/artifacts/bin"
IMAGES_DIR="$REPO_ROOT/artifacts/images"
IMAGE_TEMPLATES="$REPO_ROOT/eng/images"

# Every shipped CLI: "name project". A project that does not exist (yet) is skipped.
STATIC_CLIS=(
  "slice src/Slice/Slice.csproj"
  "taskmon src/Taskmon.Cli/Taskmon.Cli.csproj"
)

# Runtime identifier of the static build: linux-x64 links glibc statically; linux-musl-x64 needs
# the runtime.linux-musl-x64.Microsoft.DotNet.ILCompiler package from the NuGet feed.
STATIC_RID="${STATIC_RID:-linux-x64}"

# podman with no daemon and no overlay: vfs storage kept under artifacts/cache, runc as runtime
# (crun is refused on some kernels/sandboxes), and explicit ulimits (the default ones can exceed
# the hard limits of the calling shell).
podman_() {
  podman --storage-driver=vfs --root "$CACHE/podman/storage" --runroot "$CACHE/podman/run" "$@"
}
PODMAN_RUN_FLAGS=(--runtime runc run --rm -i --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

# hash_text ARGS... : short sha256 of the arguments and stdin.
hash_text() { { printf '%s\n' "$@"; cat; } | sha256sum | cut -c1-16; }

# sources_key PROJECT ARGS... : key of every input of a publish of PROJECT: its folder, the source
# folders its csproj points into (../Other/...), the build settings (bin/obj excluded), the SDK.
sources_key() {
  local project="$1" sdk dirs d
  sdk="$(dotnet --version)"
  dirs="$(dirname "$project")"
  for d in $(grep -o '\.\.[\\/][A-Za-z0-9][A-Za-z0-9._-]*[\\/]' "$project" | sed 's#^\.\.[\\/]##; s#[\\/]$##' | sort -u); do
    dirs+=" $(dirname "$(dirname "$project")")/$d"
  done
  (
    cd "$REPO_ROOT"
    # shellcheck disable=SC2086 # word splitting of the folder list is intended
    { find $dirs \( -name bin -o -name obj \) -prune -o -type f -print
      find eng -name '*.props' -o -name '*.targets'
      ls Directory.Build.props Directory.Build.targets Directory.Packages.props global.json \
        NuGet.config nuget.config; } 2>/dev/null | LC_ALL=C sort -u | xargs -d '\n' sha256sum
  ) | hash_text "$sdk" "$@"
}

# publish NAME PROJECT VARIANT [MSBUILD ARGS...] : prints the publish folder, reused when the inputs
# are unchanged. Variants: static (AOT, static executable), dynamic (AOT, links libc dynamically),
# selfcontained (JIT runtime included, trimmed), framework (needs a .NET runtime on the machine).
# STATIC_MSBUILD_ARGS adds MSBuild arguments to static publishes (e.g. -p:StackTraceSupport=true).
# PROJECT is relative to the repository root or absolute; PUBLISH_TAG names a further variant
# (e.g. one size knob flipped) so it is cached beside the others.
publish() {
  local name="$1" project="$2" variant="$3"; shift 3
  local args=() more=()
  case "$variant" in
    static)        args=(-r "$STATIC_RID" -p:StaticAot=true)
                   read -r -a more <<<"${STATIC_MSBUILD_ARGS:-}"; args+=("${more[@]}") ;;
    dynamic)       args=(-r linux-x64) ;;
    selfcontained) args=(-r linux-x64 --self-contained true -p:PublishAot=false -p:PublishTrimmed=true) ;;
    framework)     args=(-r linux-x64 --self-contained false -p:PublishAot=false) ;;
    *) die "unknown publish variant: $variant" ;;
  esac
  args+=("$@")
  local key out tag="$name-$variant${PUBLISH_TAG:+-$PUBLISH_TAG}"
  key="$(sources_key "$project" "${args[@]}" </dev/null)"
  out="$CACHE/publish/$tag-$key"
  if [ -f "$out/.complete" ]; then
    log "publish $tag: up to date"
  else
    log "publish $tag"
    rm -rf "$CACHE/publish/$tag-"????????????????   # older keys of this variant only
    mkdir -p "$CACHE/publish"
    # Each variant has its own obj/bin tree so they never reuse each other's intermediate files
    # (the native link is not redone when only an MSBuild property changed).
    dotnet publish "$project" -c Release "${args[@]}" -nologo -v quiet -clp:NoSummary \
      --artifacts-path "$CACHE/build/$tag" -o "$out" >"$CACHE/publish/$tag.log" 2>&1 \
      || { tail -n 40 "$CACHE/publish/$tag.log" >&2; die "publish $tag failed"; }
    rm -f "$out"/*.dbg "$out"/*.pdb "$out"/*.xml
    touch "$out/.complete"
  fi
  printf '%s\n' "$out"
}

# Checks that a file is a stripped, fully static executable; prints what is wrong, if anything.
check_static() {
  local bin="$1" desc
  desc="$(file -b "$bin")"
  case "$desc" in *"statically linked"*) ;; *) echo "not statically linked: $desc"; return 1 ;; esac
  case "$desc" in *", stripped"*) ;; *) echo "not stripped: $desc"; return 1 ;; esac
  local ldd_out
  ldd_out="$(ldd "$bin" 2>&1 || true)"
  case "$ldd_out" in *"not a dynamic executable"*) ;; *) echo "ldd: $ldd_out"; return 1 ;; esac
}

# The Debian mirror apt uses on this machine (deb822 or one-line sources), overridable.
debian_mirror() {
  local m=""
  if [ -n "${DEBIAN_MIRROR:-}" ]; then echo "$DEBIAN_MIRROR"; return; fi
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    m="$(awk '/^URIs:/ { if ($2 !~ /security/) { print $2; exit } }' /etc/apt/sources.list.d/debian.sources)"
  fi
  if [ -z "$m" ] && [ -f /etc/apt/sources.list ]; then
    m="$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/) { print $i; exit } }' /etc/apt/sources.list)"
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

# debian_root SUITE : a minbase root of that Debian release (slimmed like the -slim images: no
# docs, man pages, locales or apt caches), built once with debootstrap. Prints its path.
debian_root() {
  local suite="$1" mirror key root
  mirror="$(debian_mirror)"
  key="$(hash_text "$suite" "$mirror" minbase slim-v1 </dev/null)"
  root="$CACHE/roots/debian-$suite-$key"
  if [ -f "$root.complete" ]; then
    log "debian $suite root: up to date"
  else
    log "debootstrap $suite from $mirror"
    rm -rf "$CACHE/roots/debian-$suite-"*
    mkdir -p "$CACHE/roots"
    debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$CACHE/roots/debian-$suite.log" 2>&1 \
      || { tail -n 20 "$CACHE/roots/debian-$suite.log" >&2; die "debootstrap $suite failed"; }
    rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
      "$root"/usr/share/locale/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
      "$root"/var/lib/apt/lists/* "$root"/var/log/*.log "$root"/var/log/apt/* "$root"/var/cache/debconf/*-old
    touch "$root.complete"
  fi
  printf '%s\n' "$root"
}

# deb_root NAME PACKAGE... : a root holding only the files of these Debian packages (from the
# machine's apt sources, unpacked without running their scripts). Prints its path.
deb_root() {
  local name="$1"; shift
  local key root debs
  key="$(apt-cache policy "$@" 2>/dev/null | grep -E '^\S|Candidate' | hash_text "$@" deb-v1)"
  root="$CACHE/roots/$name-$key"
  if [ -f "$root.complete" ]; then
    log "$name root: up to date"
  else
    log "building $name root from packages: $*"
    rm -rf "$CACHE/roots/$name-"*
    debs="$CACHE/roots/$name-debs"
    mkdir -p "$root" "$debs"
    (cd "$debs" && apt-get download -qq "$@" >/dev/null 2>&1) \
      || (apt-get update -qq >/dev/null && cd "$debs" && apt-get download -qq "$@" >/dev/null) \
      || die "apt-get download $* failed"
    local deb
    for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$root"; done
    rm -rf "$debs" "$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/lintian
    touch "$root.complete"
  fi
  printf '%s\n' "$root"
}

# musl_root : musl libc and busybox-static, standing in for Alpine. Prints its path.
musl_root() {
  local root
  root="$(deb_root musl-busybox musl busybox-static)"
  if [ ! -e "$root/bin/sh" ]; then
    chroot "$root" /bin/busybox --install -s /bin
  fi
  printf '%s\n' "$root"
}

# glibc_root : the smallest root a dynamically linked AOT binary runs in (libc6 only, as
# distroless/base-nossl), with passwd/group for a non-root user. Prints its path.
glibc_root() {
  local root
  root="$(deb_root glibc libc6)"
  if [ ! -f "$root/etc/passwd" ]; then
    mkdir -p "$root/etc" "$root/tmp"
    chmod 1777 "$root/tmp"
    printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  fi
  printf '%s\n' "$root"
}

# import_base NAME ROOT : imports a root folder as the image localhost/NAME (once per root).
import_base() {
  local name="$1" root="$2" id
  id="$(basename "$root")"
  if [ "$(podman_ image inspect --format '{{index .Labels "root"}}' "localhost/$name" 2>/dev/null)" != "$id" ]; then
    log "importing $name base image"
    tar -C "$root" -c . | podman_ import --change "LABEL root=$id" - "localhost/$name" >/dev/null
  fi
}

# build_image NAME TEMPLATE APP CONTEXT : builds localhost/NAME from eng/images/TEMPLATE (with @APP@
# replaced by APP) over the files in CONTEXT, and saves it as artifacts/images/NAME.oci.tar.
# Reused when the template, the files and the base image are unchanged.
build_image() {
  local name="$1" template="$2" app="$3" context="$4"
  local archive="$IMAGES_DIR/$name.oci.tar" key base
  base="$(sed -n 's/^FROM //p' "$IMAGE_TEMPLATES/$template" | head -n 1)"
  key="$({ sed "s/@APP@/$app/g" "$IMAGE_TEMPLATES/$template"
           podman_ image inspect --format '{{.Id}}' "$base" 2>/dev/null || true
           (cd "$context" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); } | hash_text)"
  mkdir -p "$IMAGES_DIR"
  if [ -f "$archive" ] && [ "$(cat "$archive.key" 2>/dev/null)" = "$key" ]; then
    log "image $name: up to date"
    return 0
  fi
  log "building image $name"
  sed "s/@APP@/$app/g" "$IMAGE_TEMPLATES/$template" >"$CACHE/Containerfile.$name"
  podman_ build --pull=never -q -f "$CACHE/Containerfile.$name" -t "localhost/$name" "$context" >/dev/null \
    || die "podman build $name failed"
  rm -f "$archive"
  podman_ save --format oci-archive -o "$archive" "localhost/$name" >/dev/null 2>&1 || die "podman save $name failed"
  printf '%s\n' "$key" >"$archive.key"
}

# unpack_image NAME : unpacks artifacts/images/NAME.oci.tar with umoci (no engine involved) and
# prints the bundle folder (its rootfs/ is the image's file system).
unpack_image() {
  local name="$1" archive="$IMAGES_DIR/$1.oci.tar"
  local dir="$CACHE/unpacked/$name" key
  key="$(cat "$archive.key")"
  if [ "$(cat "$dir/.key" 2>/dev/null)" != "$key" ]; then
    rm -rf "$dir"; mkdir -p "$dir/layout"
    tar -C "$dir/layout" -xf "$archive"
    umoci unpack --image "$dir/layout:localhost/$name:latest" "$dir/bundle" >/dev/null 2>&1 \
      || die "umoci unpack $name failed"
    printf '%s\n' "$key" >"$dir/.key"
  fi
  printf '%s\n' "$dir/bundle"
}

# image_sizes NAME : prints "uncompressed compressed" bytes of the image's layers, as a registry
# stores them (gzip) and as they take on disk once unpacked (tar).
image_sizes() {
  local layout="$CACHE/unpacked/$1/layout" manifest digest
  manifest="$(grep -o '"digest":"sha256:[0-9a-f]*"' "$layout/index.json" | head -n 1 | sed 's/.*sha256:\([0-9a-f]*\)"/\1/')"
  local raw=0 gz=0 d
  for d in $(grep -o '"digest":"sha256:[0-9a-f]*"' "$layout/blobs/sha256/$manifest" | sed 's/.*sha256:\([0-9a-f]*\)"/\1/' | tail -n +2); do
    digest="$layout/blobs/sha256/$d"
    gz=$((gz + $(stat -c %s "$digest")))
    raw=$((raw + $(gzip -dc "$digest" | wc -c)))
  done
  echo "$raw $gz"
}
