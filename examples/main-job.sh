#!/bin/sh
# The README's main job: import clients from a spreadsheet, look at the
# open invoices, export the items.  Run it against the sandbox with
#   alegra sandbox run --seed -- sh examples/main-job.sh
# (or against your own account, with your profile, once you trust it).
set -e
cd "$(dirname "$0")/.."

echo "== Import examples/clients.csv (Name, NIT, Email, City)"
alegra contacts import -f examples/clients.csv \
    --map 'Name=name,NIT=identification.number,Email=email,City=address.city' \
    --set identification.type=NIT --set 'type=["client"]' \
    --set kindOfPerson=LEGAL_ENTITY

echo
echo "== Open invoices: $(alegra invoices list --status open --count)"
alegra invoices list --status open \
    --columns numberTemplate.fullNumber,client.name,dueDate,total,balance

echo
echo "== Export items to items.csv"
alegra items export --out items.csv
head -n 4 items.csv
