#!/usr/bin/env bash
# System packages budgetkit needs beyond Python, installed from Debian when missing:
#   fonts-wqy-microhei  the CJK font for charts (matplotlib), PDF fixtures (reportlab) and HTML (Chromium)
#   default-jre-headless  the JVM that tabula-py starts (skipped when a java is already on PATH)
#   chromium            the headless browser the report tests drive with Playwright
set -euo pipefail
want=()
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || want+=(fonts-wqy-microhei)
command -v java >/dev/null 2>&1 || want+=(default-jre-headless)
command -v chromium >/dev/null 2>&1 || want+=(chromium)
if [ ${#want[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "budgetkit needs these Debian packages: ${want[*]} (run as root: apt-get install ${want[*]})" >&2
  exit 1
fi
echo "installing ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
fc-cache -f >/dev/null 2>&1 || true
