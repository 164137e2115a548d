#!/usr/bin/env bash
# While migration 0002 has not landed, a schema change regenerates it whole, under a lock so
# that two engineers never regenerate at once. Remove this script once 0002 has landed.
set -euo pipefail
cd "$(dirname "$0")/../apps/api"
exec 9>/tmp/relais-migration.lock
flock 9
rm -f src/db/migrations/0002_*.sql src/db/migrations/meta/0002_snapshot.json
node -e '
const fs = require("fs"); const f = "src/db/migrations/meta/_journal.json";
const j = JSON.parse(fs.readFileSync(f, "utf8")); j.entries = j.entries.filter((e) => e.idx < 2);
fs.writeFileSync(f, JSON.stringify(j, null, 2) + "\n");'
npx drizzle-kit generate --name desk_files_mail_interventions >/dev/null
# What drizzle-kit cannot express (triggers) is written by hand next to its module's schema.
for extra in src/modules/*/*.migration.sql; do
  [ -e "$extra" ] && { printf '\n--> statement-breakpoint\n'; cat "$extra"; } >>"$(ls src/db/migrations/0002_*.sql)"
done
ls src/db/migrations/0002_*.sql
