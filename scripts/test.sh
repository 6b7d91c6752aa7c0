#!/usr/bin/env bash
# README's test command: installs what the tests use when the machine lacks it
# (scripts/setup-tests.sh), then runs every test. Arguments go to `cargo test`, e.g.
# `bash scripts/test.sh --test print_catalog`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-tests.sh
cargo test --locked "$@"
