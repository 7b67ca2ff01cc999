"""Python side of the replacement timings in lint/data/deterministic.toml.

The same inputs as lint/benches/replacements.rs, standard library only. Run:
python3 lint/benches/replacements.py   (prints nanoseconds per call, best of 5)
"""
import re, json, timeit, datetime, csv, io
TEXT = ("Hi team, please loop in maria.gonzalez@example.com and the billing desk "
"(billing+eu@shop.example.co.uk) about order 48213. If that fails, the fallback contact is "
"ops_oncall@corp.example.org; do not write to the old noreply address any more. Thanks, Sam")
EF = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
EM = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
JSON = '''{"id": 48213, "customer": {"name": "Maria Gonzalez", "email": "maria.gonzalez@example.com"},
 "items": [{"sku": "A-100", "qty": 2, "price": 19.99}, {"sku": "B-7", "qty": 1, "price": 5.5}],
 "paid": true, "notes": null}'''
C = {"argentina":"AR","new zealand":"NZ","france":"FR","germany":"DE","japan":"JP"}
def valid_json(s):
    try: json.loads(s); return True
    except ValueError: return False
def luhn(s):
    d=[int(c) for c in s if c.isdigit()][::-1]
    return sum(x if i%2==0 else (x*2-9 if x*2>9 else x*2) for i,x in enumerate(d))%10==0
SL = re.compile(r"[^a-z0-9]+")
def slug(s): return SL.sub("-", s.lower()).strip("-")
CSV = "sku,name,qty,price\nA-100,Blue mug,2,19.99\nB-7,Tea towel,1,5.50\nC-42,Coaster set,4,12.00\nD-9,Teapot,1,34.90\n"
ITEMS = "pear, apple, fig, banana, apple, kiwi, cherry, fig, date, grape, lemon, mango, pear, plum, apple, lime, melon, kiwi, olive, peach"
cases = {
 "regex_find_all_emails": lambda: EF.findall(TEXT),
 "regex_match_email": lambda: EM.fullmatch("maria.gonzalez@example.com".strip()) is not None,
 "json_validate": lambda: valid_json(JSON),
 "hashmap_lookup": lambda: C.get(" New Zealand ".strip().lower()),
 "luhn_check": lambda: luhn("4539 1488 0343 6467"),
 "date_parse_reformat": lambda: datetime.datetime.strptime("2024-03-15", "%Y-%m-%d").strftime("%d/%m/%Y"),
 "case_change_slugify": lambda: ("Quarterly Report: Revenue & Growth in EMEA (Q3 2024)".upper(), slug("Quarterly Report: Revenue & Growth in EMEA (Q3 2024)")),
 "csv_to_json": lambda: json.dumps(list(csv.DictReader(io.StringIO(CSV)))),
 "sort_dedupe_count": lambda: (sorted(set(x.strip() for x in ITEMS.split(","))), len(ITEMS.split())),
}
for k,f in cases.items():
    n=20000
    t=min(timeit.repeat(f, number=n, repeat=5))/n*1e9
    print(f"{k} {t:.0f}")
