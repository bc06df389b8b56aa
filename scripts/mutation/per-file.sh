#!/bin/sh
# npm run mutation:per-file [group ...]: the whole scope of stryker.config.json in a few Stryker runs of
# a group of files each (a group: comma-separated paths), so a run stopped part-way still leaves
# complete reports of the groups it finished: reports/mutation/files/<first file>[+n].json (and .html,
# .log). Each run pays one dry run (~50 s under load) for its whole group. A group whose report exists
# is said and skipped (delete the report to run it again). scripts/mutation/summarize.ts merges them.
# Nice'd: the machine is shared. MUTATION_CONCURRENCY (default 2) is Stryker's --concurrency.
# MUTATION_SLOT=2 (up to 6) runs another chain beside the first (its own sandbox folder and report folder, the
# same files/ folder): give the two chains different groups.
set -u
slot=${MUTATION_SLOT:-1}
case "$slot" in 1) config=stryker.config.json; out=reports/mutation ;;
  2|3|4|5|6) config=reports/stryker.slot$slot.json; out=reports/mutation-slot$slot
    mkdir -p reports || exit 3
    sed "s|\"reports/mutation/|\"reports/mutation-slot$slot/|; s|\"tempDirName\": \".stryker-tmp\"|\"tempDirName\": \".stryker-tmp-slot$slot\"|" stryker.config.json > "$config" || exit 3 ;;
  *) echo "mutation:per-file: MUTATION_SLOT=$slot: expected 1 to 6" >&2; exit 2 ;; esac
dir=reports/mutation/files
mkdir -p "$dir" || exit 3
if [ "$#" -gt 0 ]; then groups="$*"; else
  # Most telling first, so a partial run covers the decisions that matter most.
  groups="src/core/stamp.ts
    src/reconciler/merge.ts,src/reconciler/local-write.ts,src/reconciler/apply-pull.ts,src/reconciler/remote-actions.ts
    src/reconciler/outbox.ts,src/reconciler/server-seam.ts,src/reconciler/sync-client.ts,src/reconciler/backoff.ts,src/reconciler/replica.ts,src/reconciler/lineage.ts
    src/reconciler/reconciler.ts,src/reconciler/conflict-log.ts,src/reconciler/snapshot.ts,src/reconciler/inputs.ts,src/reconciler/index.ts,src/reconciler/types.ts
    src/server/sync-server.ts,src/server/account-log.ts,src/server/builtin-protocol.ts,src/server/tokens.ts,src/server/request-schema.ts,src/server/index.ts"
  listed=" $(echo $groups | tr ',' ' ') "
  for f in src/reconciler/*.ts src/server/*.ts; do
    case "$listed" in *" $f "*) ;; *) echo "mutation:per-file: $f is in the scope but in no group: add it" >&2; exit 2 ;; esac
  done
fi
for group in $groups; do
  for f in $(echo "$group" | tr ',' ' '); do [ -f "$f" ] || { echo "mutation:per-file: $f: no such source file" >&2; exit 2; }; done
  first=${group%%,*}
  more=$(echo "$group" | tr ',' '\n' | sed 1d | wc -l)
  name=$(echo "$first" | sed 's|/|__|g; s|\.ts$||')$([ "$more" -gt 0 ] && echo "+$more")
  if [ -f "$dir/$name.json" ]; then echo "mutation:per-file: $group: report $dir/$name.json exists, skipped"; continue; fi
  echo "mutation:per-file: $group ($(date -u +%H:%M:%S) UTC)"
  nice -n 19 npx stryker run "$config" --mutate "$group" --concurrency "${MUTATION_CONCURRENCY:-2}" --reporters json,html,clear-text,progress \
    > "$dir/$name.log" 2>&1 || { echo "mutation:per-file: $group: stryker failed, see $dir/$name.log" >&2; exit 3; }
  mv "$out/mutation.json" "$dir/$name.json" && mv "$out/mutation.html" "$dir/$name.html" || exit 3
  grep -a -A3 '^File ' "$dir/$name.log" | tail -1
done
