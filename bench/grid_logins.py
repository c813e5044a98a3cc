"""Signs in the benchmark grid workers and writes their tokens, grids and households (bench/run.sh grid).

Workers grid.000001, grid.0000(1+k) … every HOUSEHOLD_EVERY-th one, as the scale generator gave
households to their grids (see src/Concord.Web/Demo/GridScaleGenerator.cs); LOGINS of them.
"""
import json, os, subprocess, sys, urllib.request
from concurrent.futures import ThreadPoolExecutor

logins, every = int(os.environ["LOGINS"]), int(os.environ["HOUSEHOLD_EVERY"])
names = [f"grid.{1 + every * i:06d}" for i in range(logins)]
in_list = ",".join(f"'{n}'" for n in names)
sql_users = f"SELECT user_name, region_code FROM users WHERE user_name IN ({in_list})"
sql_households = "SELECT substr(h.region_code, 1, 15), h.id FROM households h WHERE length(h.region_code) = 17 ORDER BY h.id"


def query(sql):
    if os.environ["PROVIDER"] == "postgres":
        cmd = ["psql", "-h", "localhost", "-U", "concord", "-d", os.environ["PGDB"], "-At", "-F", "\t", "-c", sql]
    else:
        cmd = ["sqlite3", "-separator", "\t", os.environ["DB"], sql]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


grids = dict(query(sql_users))
households = {}
for grid, hid in query(sql_households):
    households.setdefault(grid, []).append(int(hid))


def login(name):
    body = json.dumps({"userName": name, "password": "Concord@2026"}).encode()
    req = urllib.request.Request(os.environ["URL"] + "/api/auth/login", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)["accessToken"]


with ThreadPoolExecutor(4) as pool:
    tokens = list(pool.map(login, [n for n in names if n in grids]))
workers = [{"user": n, "token": t, "grid": grids[n], "households": households.get(grids[n], [])}
           for n, t in zip([n for n in names if n in grids], tokens)]
json.dump(workers, open(os.environ["OUT"], "w"))
print(f"signed in {len(workers)} grid workers ({sum(1 for w in workers if w['households'])} with households, "
      f"{sum(len(w['households']) for w in workers)} households)", file=sys.stderr)
