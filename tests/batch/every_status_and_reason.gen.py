# The seeded rows of every_status_and_reason.csv: every fact of the catalog,
# random regions, dates, blanks and a few bad cells, so the output has every
# status and reason kind (tests/batch.rs). Made with:
#   policycalc facts --format json --lang en > facts.json
#   policycalc regions --format json > regions.json
#   python3 every_status_and_reason.gen.py 600 facts.json regions.json > every_status_and_reason.csv
import csv, json, random, sys
r = random.Random(14)
facts = json.load(open(sys.argv[2]))['facts']
regions = [x['id'] for x in json.load(open(sys.argv[3]))]
n = int(sys.argv[1])
w = csv.writer(sys.stdout, lineterminator='\r\n')
w.writerow(['region', 'as_of'] + [f['id'] for f in facts])
def date():
    return f"{r.randint(2018, 2028)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
for i in range(n):
    row = [r.choice(regions), date() if r.random() < 0.8 else '']
    for f in facts:
        p = 0.9 if f['id'] == 'role' else 0.6
        if r.random() > p:
            row.append(''); continue
        t = f['type']
        lo = float(f['min']) if f.get('min') is not None else 0
        hi = float(f['max']) if f.get('max') is not None else lo + 50
        hi = min(hi, lo + (12 if t == "integer" else 5000))
        if t == 'bool': v = r.choice(['true', 'false', '是', '否'])
        elif t == 'integer': v = str(r.randint(int(lo), int(hi)))
        elif t == 'decimal': v = f"{r.uniform(lo, hi):.2f}"
        elif t == 'date': v = date()
        elif t == 'enum': v = r.choice(f['values'])['id']
        else: v = ''
        if r.random() < 0.003: v = r.choice(['x', '1.5.5', '2024-13-01', '=1+1', 'a,"b"'])
        row.append(v)
    w.writerow(row)
