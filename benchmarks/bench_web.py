"""Load test of the web app: N concurrent users over the main pages and API routes, loopback only, bounded in time.

Run: ``uv run python benchmarks/bench_web.py --opslag DIR [--gebruikers 20] [--duur 60] [--port 8103]
[--denktijd 0] [--out bench-out/web.jsonl] [--docs]``.

What it does, in order:

1. creates one user per role that sees figures (regio-analist, gemeente-analist, aanbieder) with
   ``regiekamer gebruiker -d DIR`` and an API token each (``regiekamer web drf_create_token``);
2. starts ``regiekamer serve -d DIR`` on 127.0.0.1 (its warm-up, ``vooraf_berekenen``, runs first; with
   ``--vooraf apart`` the same warm-up runs in its own process first and the server starts with ``--niet-vooraf``)
   and waits for the port;
3. cold pass: every route once per role, one request at a time — the first view, reported apart, not in the p95;
4. all N users log in at once (measured apart); then the load: N simulated users (threads; roles in turn), each
   with its session, looping (``--denktijd``: mean pause between requests) over the pages
   (no filter, a gemeente filter and the default period, which the warm-up covers) and, when the API exists, the
   API routes with the role's token; meanwhile one more thread opens a few filter combinations nobody asked for
   before (random, so uncached), reported apart;
5. stops the server (always) and prints per route: count, errors, p50, p95, p99, max; the overall p95 (pages and
   API, warm), the throughput, the server's CPU time and its peak memory (RSS and PSS summed over gunicorn's
   processes, from /proc).

Appends one JSON line to ``--out``; ``--docs`` replaces (or adds) this run's figures block in the "Web: 20
concurrent users" section of docs/benchmarks.md. Every phase is bounded: the warm-up, the server start, the
background warm-up and the cold pass by ``--max-opwarmen`` each, the load by ``--duur`` plus one request timeout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent / "regiekamer"
HOST = "127.0.0.1"
WACHTWOORD_RE = re.compile(r"wachtwoord:\s*(\S+)")
TOKEN_RE = re.compile(r"token (\w+) for user")
PAGINAS = ["/", "/clientpaden/", "/wachten/", "/kosten/", "/aanbieders/", "/gemeenten/"]
SECTIE = "## Web: 20 concurrent users"


@dataclass
class Rolgebruiker:
    rol: str
    naam: str
    wachtwoord: str
    token: str | None
    gemeente: str
    aanbieder: str


@dataclass
class Meting:
    route: str
    rol: str
    start: float
    seconden: float
    status: int
    fout: str = ""
    pad: str = ""


@dataclass
class Verzameling:
    metingen: list[Meting] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def voeg_toe(self, m: Meting) -> None:
        with self.lock:
            self.metingen.append(m)


# --- setup ---------------------------------------------------------------------------------------------------


def regiekamer(*args: str, timeout: float = 300) -> str:
    r = subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=timeout,
                       env={**os.environ, "COLUMNS": "200"})  # rich wraps at the terminal width
    if r.returncode != 0:
        raise RuntimeError(f"regiekamer {' '.join(args)} faalde ({r.returncode}): {r.stderr[-2000:]}")
    return r.stdout


def keuzes(opslag: Path) -> dict[str, Any]:
    """Regio, gemeenten, aanbieders, periods and filter values of the store (the figures service's own options)."""
    from regiekamer.cijfers import Cijfers

    o = Cijfers(opslag).opties
    regio = o.regios[0]
    per = o.per_regio[regio]
    return {
        "regio": regio,
        "gemeenten": per["gemeenten"],
        "aanbieders": per["aanbieders"],
        "standaard_periode": o.standaard_periode,
        "jaren": list(o.jaren),
        "kwartalen": list(o.kwartalen),
        "maanden": list(o.maanden),
        "wetten": [k.code for k in o.wetten],
        "productcategorieen": [k.code for k in o.productcategorieen],
        "leeftijdsklassen": [k.code for k in o.leeftijdsklassen],
    }


def maak_gebruikers(opslag: Path, k: dict[str, Any], met_token: bool) -> list[Rolgebruiker]:
    regio, gemeente, aanbieder = k["regio"], k["gemeenten"][0], k["aanbieders"][0]
    rollen = [
        ("regio-analist", "bench-regio", ["--regio", regio]),
        ("gemeente-analist", "bench-gemeente", ["--gemeente", gemeente]),
        ("aanbieder", "bench-aanbieder", ["--aanbieder", aanbieder, "--regio", regio]),
    ]
    uit = []
    for rol, naam, extra in rollen:
        tekst = regiekamer("gebruiker", naam, "--rol", rol, *extra, "-d", str(opslag))
        m = WACHTWOORD_RE.search(tekst)
        if not m:
            raise RuntimeError(f"geen wachtwoord in de uitvoer van 'regiekamer gebruiker': {tekst!r}")
        token = None
        if met_token:
            t = TOKEN_RE.search(regiekamer("web", "drf_create_token", naam, "-d", str(opslag)))
            token = t.group(1) if t else None
        uit.append(Rolgebruiker(rol, naam, m.group(1), token, gemeente, aanbieder))
    return uit


def routes_voor(g: Rolgebruiker, k: dict[str, Any], api: bool) -> list[tuple[str, str]]:
    """(route label, path) per page: plain, with the gemeente filter, with the default period; plus the API."""
    uit: list[tuple[str, str]] = []
    for p in PAGINAS:
        uit.append((p, p))
        uit.append((f"{p}?gemeente=", f"{p}?gemeente={g.gemeente}"))
        uit.append((f"{p}?periode=", f"{p}?periode={k['standaard_periode']}"))
    if api:
        uit.append(("/api/v1/cijfers/", f"/api/v1/cijfers/?periode={k['standaard_periode']}"
                                        "&indicator=clienten_in_zorg"))
        uit.append(("/api/v1/indicatoren/", "/api/v1/indicatoren/"))
        uit.append(("/api/v1/opties/", "/api/v1/opties/"))
    return uit


def ongecachet(k: dict[str, Any], g: Rolgebruiker, rnd: random.Random, n: int) -> list[str]:
    """Filter combinations nobody asked for before: a random non-default period with two or three filters."""
    perioden = [p for p in (*k["jaren"], *k["kwartalen"], *k["maanden"]) if p != k["standaard_periode"]]
    uit = []
    for i in range(n):
        q = {"periode": rnd.choice(perioden), "gemeente": rnd.choice(k["gemeenten"])}
        if k["wetten"]:
            q["wet"] = rnd.choice(k["wetten"])
        if i % 2 and k["productcategorieen"]:
            q["productcategorie"] = rnd.choice(k["productcategorieen"])
        uit.append(f"{PAGINAS[i % len(PAGINAS)]}?{urllib.parse.urlencode(q)}")
    return uit


# --- the server ----------------------------------------------------------------------------------------------


def poort_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((HOST, port)) == 0


def boom(pid: int) -> list[int]:
    """The process and all its descendants (gunicorn's arbiter and workers)."""
    kinderen: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid = int(Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kinderen.setdefault(ppid, []).append(int(d))
    uit, rij = [], [pid]
    while rij:
        p = rij.pop()
        uit.append(p)
        rij.extend(kinderen.get(p, []))
    return uit


def geheugen_mb(pids: list[int]) -> tuple[float, float]:
    """Summed RSS and PSS (shared pages divided among the processes: the honest total of forked workers)."""
    rss = pss = 0
    for p in pids:
        try:
            for regel in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if regel.startswith("Rss:"):
                    rss += int(regel.split()[1])
                elif regel.startswith("Pss:"):
                    pss += int(regel.split()[1])
        except OSError:
            continue
    return rss / 1024, pss / 1024


def cpu_s(pids: list[int]) -> float:
    tik = os.sysconf("SC_CLK_TCK")
    totaal = 0
    for p in pids:
        try:
            velden = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            totaal += int(velden[11]) + int(velden[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return totaal / tik


class Server:
    def __init__(self, opslag: Path, port: int, workers: int, threads: int, log: Path, vooraf: bool) -> None:
        self.cmd = [str(BIN), "serve", "-d", str(opslag), "--host", HOST, "--port", str(port),
                    "--workers", str(workers), "--threads", str(threads), *([] if vooraf else ["--niet-vooraf"])]
        self.port = port
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None
        self.piek_rss = self.piek_pss = 0.0
        self._stop = threading.Event()
        self._monitor: threading.Thread | None = None

    def start(self, max_s: float) -> float:
        if poort_open(self.port):
            raise RuntimeError(f"poort {self.port} is al in gebruik")
        t0 = time.perf_counter()
        with self.log.open("wb") as f:
            # own session: stop() ends gunicorn's arbiter and its workers as one process group
            self.proc = subprocess.Popen(self.cmd, stdout=f, stderr=subprocess.STDOUT, start_new_session=True)
        self._monitor = threading.Thread(target=self._meet, daemon=True)
        self._monitor.start()
        while not poort_open(self.port):
            if self.proc.poll() is not None:
                raise RuntimeError(f"de server stopte ({self.proc.returncode}); zie {self.log}")
            if time.perf_counter() - t0 > max_s:
                raise RuntimeError(f"de server luistert na {max_s:.0f} s nog niet (opwarmen te traag)")
            time.sleep(0.2)
        return time.perf_counter() - t0

    def _meet(self) -> None:
        while not self._stop.is_set() and self.proc is not None and self.proc.poll() is None:
            rss, pss = geheugen_mb(boom(self.proc.pid))
            self.piek_rss, self.piek_pss = max(self.piek_rss, rss), max(self.piek_pss, pss)
            self._stop.wait(0.25)

    def achtergrond(self) -> list[int]:
        """Server processes that are not gunicorn's: the background warm-up ('python -m regiekamer.web.vooraf')."""
        uit = []
        for p in self.pids():
            try:
                if b"regiekamer.web.vooraf" in Path(f"/proc/{p}/cmdline").read_bytes():
                    uit.append(p)
            except OSError:
                continue
        return uit

    def pids(self) -> list[int]:
        return boom(self.proc.pid) if self.proc else []

    def stop(self) -> None:
        self._stop.set()
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass


# --- clients -------------------------------------------------------------------------------------------------


def inloggen(basis: str, g: Rolgebruiker, timeout: float) -> requests.Session:
    s = requests.Session()
    r = s.get(f"{basis}/inloggen/", timeout=timeout)
    r.raise_for_status()
    m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text)
    if not m:
        raise RuntimeError("geen CSRF-token op /inloggen/")
    r = s.post(f"{basis}/inloggen/", data={"username": g.naam, "password": g.wachtwoord,
                                            "csrfmiddlewaretoken": m.group(1)},
               headers={"Referer": f"{basis}/inloggen/"}, allow_redirects=False, timeout=timeout)
    if r.status_code != 302 or "sessionid" not in s.cookies:
        raise RuntimeError(f"inloggen als {g.naam} mislukt ({r.status_code})")
    return s


def haal(s: requests.Session, basis: str, route: str, pad: str, rol: str, timeout: float,
         token: str | None = None) -> Meting:
    headers = {"Authorization": f"Token {token}"} if token else {}
    t0 = time.perf_counter()
    start = time.time()
    try:
        if token:  # the API with a token only, as a script would call it: no session cookie
            r = requests.get(basis + pad, headers=headers, timeout=timeout, allow_redirects=False)
        else:
            r = s.get(basis + pad, timeout=timeout, allow_redirects=False)
        _ = r.content
        fout = "" if r.status_code == 200 else f"HTTP {r.status_code}"
        return Meting(route, rol, start, time.perf_counter() - t0, r.status_code, fout, pad)
    except requests.RequestException as e:
        return Meting(route, rol, start, time.perf_counter() - t0, 0, type(e).__name__, pad)


def api_bestaat(basis: str, g: Rolgebruiker) -> bool:
    if not g.token:
        return False
    r = requests.get(f"{basis}/api/v1/indicatoren/", headers={"Authorization": f"Token {g.token}"}, timeout=60)
    return r.status_code != 404


def code_versie() -> str:
    """The commit, and whether the working tree differed from it (the web app changes fast)."""
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             timeout=10).stdout.strip()
        vuil = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "src"], cwd=ROOT,
                              capture_output=True, text=True, timeout=10).stdout.strip()
        return rev + ("+local changes" if vuil else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


# --- statistics ----------------------------------------------------------------------------------------------


def kwantiel(xs: list[float], q: float) -> float:
    """Nearest-rank quantile (no interpolation: a reported p95 is a latency that occurred)."""
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, int(-(-q * len(s) // 1)) - 1))]


def samenvatting(ms: list[Meting]) -> dict[str, Any]:
    ok = [m.seconden for m in ms if not m.fout]
    alle = [m.seconden for m in ms]
    return {
        "n": len(ms),
        "fouten": sum(1 for m in ms if m.fout),
        "p50_ms": round(kwantiel(alle, 0.50) * 1000, 1) if alle else None,
        "p95_ms": round(kwantiel(alle, 0.95) * 1000, 1) if alle else None,
        "p99_ms": round(kwantiel(alle, 0.99) * 1000, 1) if alle else None,
        "max_ms": round(max(alle) * 1000, 1) if alle else None,
        "ok_p95_ms": round(kwantiel(ok, 0.95) * 1000, 1) if ok else None,
    }


def per_route(ms: list[Meting]) -> dict[str, dict[str, Any]]:
    groepen: dict[str, list[Meting]] = {}
    for m in ms:
        groepen.setdefault(m.route, []).append(m)
    return {r: samenvatting(g) for r, g in groepen.items()}


# --- the run -------------------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    opslag: Path = args.opslag.resolve()
    if not (opslag / "regiekamer.duckdb").exists():
        raise SystemExit(f"geen opslag in {opslag}")
    if args.leeg_cache:
        shutil.rmtree(opslag / "cijfers-cache", ignore_errors=True)
    basis = f"http://{HOST}:{args.port}"
    tmp = Path(args.tmp)
    tmp.mkdir(parents=True, exist_ok=True)

    t = time.perf_counter()
    k = keuzes(opslag)
    keuzes_s = time.perf_counter() - t
    gebruikers = maak_gebruikers(opslag, k, met_token=True)
    rnd = random.Random(args.seed)
    server = Server(opslag, args.port, args.workers, args.threads, tmp / f"serve-{args.port}.log",
                    vooraf=args.vooraf == "serve")
    uitslag: dict[str, Any] = {}
    apart_s = 0.0
    if args.vooraf == "apart":
        # the same warm-up in its own process, then 'serve --niet-vooraf': gunicorn's master then never draws a
        # chart, so its forked workers do not inherit vl-convert's runtime without its threads (they hang on it)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "regiekamer.web.vooraf", str(opslag), "--uitgebreid", "--stil"],
                       check=True, timeout=2 * args.max_opwarmen)
        apart_s = time.perf_counter() - t
    try:
        opwarmen_s = server.start(args.max_opwarmen)
        # 'regiekamer serve' goes on computing the other filter values in a background process; by default the
        # load starts when that is done (steady state), bounded like the warm-up
        t = time.perf_counter()
        while args.wacht_achtergrond and server.achtergrond() and time.perf_counter() - t < args.max_opwarmen:
            time.sleep(1)
        achtergrond_s = time.perf_counter() - t
        achtergrond_bezig = bool(server.achtergrond())
        api = api_bestaat(basis, gebruikers[0])
        sessies = {g.rol: inloggen(basis, g, args.timeout) for g in gebruikers}

        # cold pass: the first request of each route per role, one at a time
        koud: list[Meting] = []
        t_koud = time.perf_counter()
        for g in gebruikers:
            for route, pad in routes_voor(g, k, api):
                if time.perf_counter() - t_koud > args.max_opwarmen:
                    break
                token = g.token if pad.startswith("/api/") else None
                koud.append(haal(sessies[g.rol], basis, route, pad, g.rol, args.timeout, token))
        koud_s = time.perf_counter() - t_koud

        # load: N users for --duur seconds, plus one thread on uncached filter combinations
        verz, ongecachet_verz = Verzameling(), Verzameling()
        logins = Verzameling()
        # every user logs in first, all at once (measured apart: a password hash costs ~0.3 s of CPU by design)
        sessies_n: dict[int, requests.Session] = {}

        def login(i: int) -> None:
            g = gebruikers[i % len(gebruikers)]
            t0 = time.perf_counter()
            try:
                sessies_n[i] = inloggen(basis, g, args.timeout)
                logins.voeg_toe(Meting("inloggen", g.rol, time.time(), time.perf_counter() - t0, 302))
            except (requests.RequestException, RuntimeError) as e:
                logins.voeg_toe(Meting("inloggen", g.rol, time.time(), time.perf_counter() - t0, 0,
                                       type(e).__name__))

        inlogdraden = [threading.Thread(target=login, args=(i,), daemon=True) for i in range(args.gebruikers)]
        for d in inlogdraden:
            d.start()
        for d in inlogdraden:
            d.join(timeout=args.timeout + 5)
        begin = time.perf_counter()
        einde = begin + args.duur
        pids = server.pids()
        cpu0 = cpu_s(pids)
        load0 = os.getloadavg()

        def gebruiker(i: int) -> None:
            g = gebruikers[i % len(gebruikers)]
            r = random.Random(args.seed * 1000 + i)
            s = sessies_n.get(i)
            if s is None:
                return
            if args.denktijd:  # users arrive spread over one think time, not all in the same instant
                time.sleep(r.uniform(0, args.denktijd))
            routes = routes_voor(g, k, api)
            while time.perf_counter() < einde:
                r.shuffle(routes)
                for route, pad in routes:
                    if time.perf_counter() >= einde:
                        break
                    token = g.token if pad.startswith("/api/") else None
                    verz.voeg_toe(haal(s, basis, route, pad, g.rol, args.timeout, token))
                    if args.denktijd:
                        time.sleep(r.uniform(0.5, 1.5) * args.denktijd)

        def verkenner() -> None:
            g = gebruikers[0]  # the regio-analist may combine any filters
            s = sessies[g.rol]
            for pad in ongecachet(k, g, rnd, args.ongecachet):
                if time.perf_counter() >= einde:
                    break
                ongecachet_verz.voeg_toe(haal(s, basis, pad.split("?")[0] + "?…", pad, g.rol, args.timeout))

        draden = [threading.Thread(target=gebruiker, args=(i,), daemon=True) for i in range(args.gebruikers)]
        if args.ongecachet:
            draden.append(threading.Thread(target=verkenner, daemon=True))
        for d in draden:
            d.start()
        for d in draden:
            d.join(timeout=max(0.0, einde - time.perf_counter()) + args.timeout + 5)
        looptijd = time.perf_counter() - begin
        cpu1 = cpu_s(server.pids())
        load1 = os.getloadavg()

        warm = verz.metingen
        paginas = [m for m in warm if not m.route.startswith("/api/")]
        api_m = [m for m in warm if m.route.startswith("/api/")]
        uitslag = {
            "datum": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "opslag": str(opslag),
            "regio": k["regio"],
            "gemeenten": len(k["gemeenten"]),
            "aanbieders": len(k["aanbieders"]),
            "standaard_periode": k["standaard_periode"],
            "gebruikers": args.gebruikers,
            "denktijd_s": args.denktijd,
            "duur_s": args.duur,
            "looptijd_s": round(looptijd, 1),
            "workers": args.workers,
            "threads": args.threads,
            "api": api,
            "leeg_cache": args.leeg_cache,
            "keuzes_s": round(keuzes_s, 1),
            "opwarmen_s": round(opwarmen_s, 1),
            "vooraf": args.vooraf,
            "vooraf_apart_s": round(apart_s, 1),
            "achtergrond_s": round(achtergrond_s, 1),
            "achtergrond_bezig_tijdens_load": achtergrond_bezig,
            "code": code_versie(),
            "koud_s": round(koud_s, 1),
            "koud": {"totaal": samenvatting(koud), "routes": per_route(koud),
                     "traagst": [{"rol": m.rol, "pad": m.pad, "ms": round(m.seconden * 1000), "status": m.status}
                                 for m in sorted(koud, key=lambda m: -m.seconden)[:8]]},
            "inloggen": samenvatting(logins.metingen),
            "warm": {
                "totaal": samenvatting(warm),
                "paginas": samenvatting(paginas),
                "api": samenvatting(api_m),
                "routes": per_route(warm),
                "per_rol": {r: samenvatting([m for m in warm if m.rol == r]) for r in sorted({m.rol for m in warm})},
            },
            "ongecachet": {"totaal": samenvatting(ongecachet_verz.metingen),
                           "paden": [{"pad": m.pad, "ms": round(m.seconden * 1000), "status": m.status}
                                     for m in ongecachet_verz.metingen]},
            "doorvoer_per_s": round(len(warm) / looptijd, 1),
            "fouten": sorted({f"{m.route} {m.fout}" for m in warm + koud + ongecachet_verz.metingen if m.fout}),
            "server_cpu_s": round(cpu1 - cpu0, 1),
            "server_cpu_ms_per_verzoek": round((cpu1 - cpu0) * 1000 / max(1, len(warm)), 1),
            "load_voor_na": [round(load0[0], 2), round(load1[0], 2)],
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        }
    finally:
        server.stop()
    uitslag["piek_rss_mb"] = round(server.piek_rss)
    uitslag["piek_pss_mb"] = round(server.piek_pss)
    if args.ruw:
        with Path(args.ruw).open("w", encoding="utf-8") as f:
            for m in verz.metingen:
                f.write(json.dumps(m.__dict__) + "\n")
    return uitslag


# --- output --------------------------------------------------------------------------------------------------


def ms(v: float | None) -> str:
    return "–" if v is None else f"{v:,.0f}"


def tabel(u: dict[str, Any]) -> str:
    koud = u["koud"]["routes"]
    rijen = ["| route | n | errors | p50 ms | p95 ms | p99 ms | max ms | cold (1st, max over roles) ms |",
             "|---|---|---|---|---|---|---|---|"]
    for route, s in sorted(u["warm"]["routes"].items()):
        c = koud.get(route, {})
        rijen.append(f"| `{route}` | {s['n']:,} | {s['fouten']} | {ms(s['p50_ms'])} | {ms(s['p95_ms'])} | "
                     f"{ms(s['p99_ms'])} | {ms(s['max_ms'])} | {ms(c.get('max_ms'))} |")
    for naam, s in (("**all pages**", u["warm"]["paginas"]), ("**all API**", u["warm"]["api"]),
                    ("**all (warm)**", u["warm"]["totaal"]), ("uncached combinations", u["ongecachet"]["totaal"]),
                    ("login (once per user, before the load)", u["inloggen"])):
        if s["n"]:
            rijen.append(f"| {naam} | {s['n']:,} | {s['fouten']} | {ms(s['p50_ms'])} | {ms(s['p95_ms'])} | "
                         f"{ms(s['p99_ms'])} | {ms(s['max_ms'])} | |")
    return "\n".join(rijen)


def sleutel(u: dict[str, Any]) -> str:
    zonder = "" if u["ongecachet"]["totaal"]["n"] else ", no uncached combinations"
    return f"{Path(u['opslag']).name}, {u['gebruikers']} users, think time {u['denktijd_s']:g} s{zonder}"


def blok(u: dict[str, Any]) -> str:
    w = u["warm"]["totaal"]
    bg = ("none" if u.get("vooraf", "serve") != "serve" else "still running during the load"
          if u.get("achtergrond_bezig_tijdens_load") else f"done {u.get('achtergrond_s', 0):.0f} s later, before the load")
    vooraf = {"serve": "by `regiekamer serve`",
              "apart": f"in a separate process first ({u.get('vooraf_apart_s', 0):.0f} s), then `serve --niet-vooraf`",
              "geen": "none"}[u.get("vooraf", "serve")]
    doel = "met" if (w["p95_ms"] or 1e9) < 200 and not u["fouten"] else "**not met**"
    return f"""<!-- bench_web: {sleutel(u)} -->
**{sleutel(u)}** — `{u['opslag']}` (regio {u['regio']}, {u['gemeenten']} gemeenten, {u['aanbieders']} aanbieders,
default period {u['standaard_periode']}), {u['datum']}.
Gunicorn {u['workers']} workers × {u['threads']} threads; API routes {'included' if u['api'] else 'not present yet'};
code {u.get('code', '?')}.
Warm-up: {vooraf}; server start {u['opwarmen_s']:.0f} s; background warm-up {bg}.
Cold pass: {u['koud']['totaal']['n']} requests in {u['koud_s']:.0f} s. Load: {u['looptijd_s']:.0f} s, load average
{u['load_voor_na'][0]:.1f} → {u['load_voor_na'][1]:.1f}.

{tabel(u)}

Overall p95 (warm, pages and API): **{ms(w['p95_ms'])} ms**, errors {w['fouten']} — target (p95 < 200 ms, no
errors) {doel}. Throughput {u['doorvoer_per_s']:.1f} requests/s; server CPU {u['server_cpu_s']:.0f} s
({u['server_cpu_ms_per_verzoek']:.0f} ms per request); peak memory of the server's processes: RSS
{u['piek_rss_mb']:,} MB summed (PSS {u['piek_pss_mb']:,} MB).
<!-- /bench_web -->
"""


INLEIDING = f"""{SECTIE}

`uv run python benchmarks/bench_web.py --opslag DIR --docs` (see the script's docstring): users per role, `regiekamer
serve` on 127.0.0.1, a cold pass, then N simulated users for a bounded time. Each run's figures replace its own
block below.
"""


def schrijf_docs(u: dict[str, Any]) -> None:
    pad = ROOT / "docs" / "benchmarks.md"
    tekst = pad.read_text(encoding="utf-8")
    nieuw = blok(u)
    if SECTIE not in tekst:
        tekst = tekst.rstrip("\n") + "\n\n" + INLEIDING + "\n" + nieuw
    else:
        kop = f"<!-- bench_web: {sleutel(u)} -->"
        if kop in tekst:
            a = tekst.index(kop)
            b = tekst.index("<!-- /bench_web -->", a) + len("<!-- /bench_web -->\n")
            tekst = tekst[:a] + nieuw + tekst[b:]
        else:
            # a new block goes after this section's last block, else at the end of the section (the prose
            # around the blocks stays as written)
            s = tekst.index(SECTIE)
            volgende = tekst.find("\n## ", s + len(SECTIE))
            eind = len(tekst) if volgende < 0 else volgende + 1
            laatste = tekst.rfind("<!-- /bench_web -->\n", s, eind)
            if laatste >= 0:
                na = laatste + len("<!-- /bench_web -->\n")
                tekst = tekst[:na] + "\n" + nieuw + tekst[na:]
            else:
                tekst = tekst[:eind].rstrip("\n") + "\n\n" + nieuw + ("\n" + tekst[eind:] if volgende >= 0 else "")
    pad.write_text(tekst, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--opslag", type=Path, required=True, help="folder of an ingested store")
    ap.add_argument("--gebruikers", type=int, default=20, help="concurrent simulated users")
    ap.add_argument("--duur", type=float, default=60, help="seconds of load (hard bound)")
    ap.add_argument("--denktijd", type=float, default=0.0,
                    help="mean seconds between a user's requests (0: back to back, the worst case)")
    ap.add_argument("--port", type=int, default=8103)
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers (as 'regiekamer serve')")
    ap.add_argument("--threads", type=int, default=4, help="threads per worker (as 'regiekamer serve')")
    ap.add_argument("--ongecachet", type=int, default=6, help="uncached filter combinations to open during load")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per request")
    ap.add_argument("--max-opwarmen", type=float, default=900,
                    help="bound on the server's warm-up, and separately on the cold pass (seconds)")
    ap.add_argument("--vooraf", choices=("serve", "apart", "geen"), default="serve",
                    help="serve: the server's own warm-up; apart: the same in a separate process first, then "
                         "'serve --niet-vooraf'; geen: no warm-up")
    ap.add_argument("--niet-wachten", dest="wacht_achtergrond", action="store_false",
                    help="start the load while the server's background warm-up still runs")
    ap.add_argument("--leeg-cache", action="store_true",
                    help="delete the store's figure cache first (a first start after an ingest)")
    ap.add_argument("--seed", type=int, default=int(time.time()),
                    help="for the users' route order and the uncached combinations")
    ap.add_argument("--out", type=Path, default=ROOT / "bench-out" / "web.jsonl", help="append the JSON line")
    ap.add_argument("--ruw", help="write every warm request (route, role, start, seconds, status) as JSON lines")
    ap.add_argument("--tmp", default="/tmp/bench-web", help="folder for the server log")
    ap.add_argument("--docs", action="store_true", help="write this run's block into docs/benchmarks.md")
    args = ap.parse_args(argv)

    u = run(args)
    regel = json.dumps(u, ensure_ascii=False)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("a", encoding="utf-8") as f:
        f.write(regel + "\n")
    print(tabel(u))
    w = u["warm"]["totaal"]
    print(f"\nwarm p95 {ms(w['p95_ms'])} ms, errors {w['fouten']}, {u['doorvoer_per_s']} req/s, "
          f"peak RSS {u['piek_rss_mb']} MB (PSS {u['piek_pss_mb']} MB), warm-up {u['opwarmen_s']} s, "
          f"cold pass {u['koud_s']} s")
    if u["fouten"]:
        print("errors:", "; ".join(u["fouten"][:20]))
    if args.docs:
        schrijf_docs(u)
    return 0


if __name__ == "__main__":
    sys.exit(main())
