#!/usr/bin/env python3
"""Load check of `sonic serve` (a benchmark, not a test): N requests to POST /api/denoise, C at a time, a short
generated noisy WAV each, against a server on loopback. Reports throughput, latency percentiles, errors (there must be
none) and the server's resident memory (RSS) and heap in use after warm-up, then right after each round of load and after it
settles (10 s idle + a GC requested with jcmd).

Usage: tools/bench/serve-load.py [--requests 200] [--concurrency 8] [--seconds 2] [--model default]
         [--rounds 2] [--url http://127.0.0.1:PORT/ --pid PID]     (an already running server; otherwise one is started here with
                                                        ./sonic serve on a free port and stopped at the end)
Standard library only; the audio is seeded, so every run sends the same bytes."""
import argparse, concurrent.futures as cf, io, json, math, os, random, shutil, signal, socket, struct, subprocess, sys
import time, urllib.error, urllib.request, wave

def noisy_wav(seconds, rate=16000, seed=1):
    rnd = random.Random(seed)
    n = int(seconds * rate)
    frames = bytearray()
    for i in range(n):
        t = i / rate
        f0 = 140 + 20 * math.sin(2 * math.pi * 0.7 * t)
        env = max(0.0, math.sin(2 * math.pi * 2.5 * t))
        v = sum(math.sin(2 * math.pi * h * f0 * t) / h for h in range(1, 9))
        x = max(-1.0, min(1.0, 0.25 * env * v + 0.05 * rnd.gauss(0, 1)))
        frames += struct.pack('<h', int(round(x * 32767)))
    buf = io.BytesIO()
    with wave.open(buf, 'wb') as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(rate); w.writeframes(bytes(frames))
    return buf.getvalue()

def rss_mb(pid):
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
    return float('nan')

def heap_used_mb(pid):
    if not shutil.which('jcmd'):
        return float('nan')
    out = subprocess.run(['jcmd', str(pid), 'GC.heap_info'], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if 'used' in line and ('heap' in line or 'garbage-first' in line):
            parts = line.replace(',', ' ').split()
            i = parts.index('used')
            return int(parts[i + 1].rstrip('K')) / 1024
    return float('nan')

def settle(pid, seconds=10):
    time.sleep(seconds)
    if shutil.which('jcmd'):
        subprocess.run(['jcmd', str(pid), 'GC.run'], capture_output=True)
        time.sleep(2)

def one(url, body):
    t0 = time.perf_counter()
    req = urllib.request.Request(url, data=body, method='POST', headers={'Content-Type': 'audio/wav'})
    try:
        with urllib.request.urlopen(req, timeout=300) as r:
            data = r.read()
            ok = r.status == 200 and data[:4] == b'RIFF'
            status = r.status
    except urllib.error.HTTPError as e:
        ok, status = False, e.code
    except OSError as e:
        ok, status = False, str(e)
    return time.perf_counter() - t0, ok, status

def pct(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--requests', type=int, default=200)
    ap.add_argument('--concurrency', type=int, default=8)
    ap.add_argument('--seconds', type=float, default=2.0)
    ap.add_argument('--model', default='default')
    ap.add_argument('--url')
    ap.add_argument('--pid', type=int)
    ap.add_argument('--max-jobs', type=int, default=8, help='--max-jobs of the server started here')
    ap.add_argument('--rounds', type=int, default=2, help='rounds of --requests each (memory is read after each)')
    a = ap.parse_args()
    proc = None
    if a.url is None:
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        with socket.socket() as s:
            s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
        env = dict(os.environ, SONIC_JAVA_OPTS=os.environ.get('SONIC_JAVA_OPTS', '-Xmx1g'))
        proc = subprocess.Popen([os.path.join(root, 'sonic'), 'serve', '--port', str(port), '--max-jobs', str(a.max_jobs)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        a.url = f'http://127.0.0.1:{port}/'
        for _ in range(600):
            try:
                urllib.request.urlopen(a.url + 'health', timeout=1).read(); break
            except OSError:
                if proc.poll() is not None:
                    sys.exit('server did not start: ' + proc.stderr.read())
                time.sleep(0.5)
        # The launcher execs java, so the launcher's pid is the server's.
        a.pid = proc.pid
    try:
        body = noisy_wav(a.seconds)
        target = a.url + f'api/denoise?model={a.model}'
        with cf.ThreadPoolExecutor(a.concurrency) as ex:  # warm-up: model loaded, code compiled, threads started
            list(ex.map(lambda _: one(target, body), range(4 * a.concurrency)))
        if a.pid:
            settle(a.pid, 2)
            rss0, heap0 = rss_mb(a.pid), heap_used_mb(a.pid)
        report = {'requests': a.requests, 'concurrency': a.concurrency, 'audio_seconds_each': a.seconds, 'model': a.model,
                  'rounds': []}
        if a.pid:
            report['server_rss_mb_after_warmup'] = round(rss0, 1)
            report['server_heap_used_mb_after_warmup'] = round(heap0, 1)
        errors = []
        for _ in range(a.rounds):
            t0 = time.perf_counter()
            with cf.ThreadPoolExecutor(a.concurrency) as ex:
                results = list(ex.map(lambda _: one(target, body), range(a.requests)))
            wall = time.perf_counter() - t0
            lat = [r[0] * 1000 for r in results]
            errs = [r[2] for r in results if not r[1]]
            errors += errs
            rnd = {
                'wall_s': round(wall, 2), 'requests_per_s': round(a.requests / wall, 2),
                'audio_seconds_per_s': round(a.requests * a.seconds / wall, 1),
                'latency_ms': {p: round(pct(lat, int(p[1:])), 1) for p in ('p50', 'p90', 'p95', 'p99')} | {'max': round(max(lat), 1)},
                'errors': len(errs), 'error_statuses': sorted(set(map(str, errs))),
            }
            if a.pid:
                rnd['server_rss_mb_after_load'] = round(rss_mb(a.pid), 1)
                settle(a.pid, 10)
                rnd['server_rss_mb_settled'] = round(rss_mb(a.pid), 1)
                rnd['server_heap_used_mb_settled'] = round(heap_used_mb(a.pid), 1)
            report['rounds'].append(rnd)
        print(json.dumps(report, indent=2))
        return 1 if errors else 0
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)

if __name__ == '__main__':
    sys.exit(main())
