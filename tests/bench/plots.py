#!/usr/bin/env python3
"""The benchmarks' pictures, SVG written by hand (stdlib only): the drawing
primitives every plot shares, the grouped latency bars of pv_bench.py and
a9_bench.py, the RTOS's release-latency distributions as cumulative
distribution plots (native, Tandem and, when given, Xen), and
micro-benchmark ratios as bars around 1.0 (docs/benchmarks.md, "Tandem's
footprint" has the pictures and their commands).

The distributions come from the RTOS's bench mode, which after its summary
prints its release latencies as a histogram with fixed buckets
(guests/rtos/app/latency.c):

    rtos: bench: histogram release LO+WIDTH:COUNT LO+WIDTH:COUNT ...

    tests/bench/plots.py [--results FILE] [--log NAME=FILE ...] [--out DIR]

renders from build/bench/results.json (the "rtos_latency" rows' histograms,
the compute ratios it has) and from RTOS logs named on the command line.
"""
import argparse
import json
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
OUT = os.path.join(BUILD, "bench")
PALETTE = ("#4c72b0", "#55a868", "#c44e52", "#8172b2", "#ccb974", "#64b5cd", "#e08214", "#2a3f6a")


# ---------------------------------------------------------------- primitives
def esc(s):
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Svg:
    """An SVG document built element by element; numbers are written with
    one decimal (pixels)."""

    def __init__(self, width, height, title=None, title_x=70):
        self.width, self.height = width, height
        self.parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" '
                      'font-size="12">' % (width, height), '<rect width="100%" height="100%" fill="white"/>']
        if title:
            self.text(title_x, 22, title, size=14, weight="bold")

    def rect(self, x, y, w, h, fill):
        self.parts.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>' % (x, y, w, h, fill))

    def line(self, x1, x2, y1, y2, stroke="black", dash=None, width=None):
        self.parts.append('<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s"%s%s/>' % (
            x1, x2, y1, y2, stroke, ' stroke-dasharray="%s"' % dash if dash else "",
            ' stroke-width="%s"' % width if width else ""))

    def polyline(self, points, stroke, width=1.5):
        self.parts.append('<polyline fill="none" stroke="%s" stroke-width="%s" points="%s"/>' % (
            stroke, width, " ".join("%.1f,%.1f" % p for p in points)))

    def text(self, x, y, s, size=None, anchor=None, weight=None, rotate=False, fill=None):
        attrs = ""
        if anchor:
            attrs += ' text-anchor="%s"' % anchor
        if size:
            attrs += ' font-size="%s"' % size
        if weight:
            attrs += ' font-weight="%s"' % weight
        if fill:
            attrs += ' fill="%s"' % fill
        if rotate:
            attrs += ' transform="rotate(-90 %.1f %.1f)"' % (x, y)
        self.parts.append('<text x="%.1f" y="%.1f"%s>%s</text>' % (x, y, attrs, esc(s)))

    def legend(self, x, y, items, size=10, step=18):
        """items: [(label, colour)], one a line."""
        for i, (label, colour) in enumerate(items):
            self.rect(x, y + i * step, 12, 12, colour)
            self.text(x + 18, y + i * step + 10, label, size=size)

    def render(self):
        return "\n".join(self.parts + ["</svg>"]) + "\n"


def nice_step(vmax):
    """A round tick step that gives 3 to 10 ticks up to vmax."""
    step = 10 ** len(str(int(vmax))) // 10 or 1
    if vmax / step <= 3:
        step = step // 2 or 1
    return step


def write(path, svg):
    with open(path, "w") as f:
        f.write(svg if isinstance(svg, str) else svg.render())


# ---------------------------------------------------------------- latency bars
def latency_bars_svg(rows, groups, title, notes, size=(1120, 470, 700), marks=None, compute_note="",
                     compute_w=160):
    """pv_bench's and a9_bench's picture: for each group (name, f) bars per
    row at f(row)[0], whiskers to f(row)[1] (p99) and f(row)[2] (max) where
    given, "-" where f(row) is None; a second panel with each row's compute
    run time over native. rows: [{"label", "colour", "compute_ratio", ...}];
    marks: {row index: value} drawn dashed across that row's first bar."""
    n = len(rows)
    width, height, plot_w = size
    left, top, bottom = 70, 50, height - 110
    svg = Svg(width, height, title)
    vmax = max(v for _, f in groups for r in rows for v in (f(r) or (0,)) if v is not None)
    scale = (bottom - top) / (vmax * 1.08)
    step, tick = nice_step(vmax), 0
    while tick <= vmax * 1.08:
        y = bottom - tick * scale
        svg.line(left, left + plot_w, y, y, stroke="#ddd")
        svg.text(left - 6, y + 4, "%d" % tick, anchor="end")
        tick += step
    svg.text(16, (top + bottom) // 2, "cycles", anchor="middle", rotate=True)
    gw = plot_w / len(groups)
    bw = gw / (n + 1.2)
    for gi, (name, f) in enumerate(groups):
        x0 = left + gi * gw + bw * 0.6
        for ci, r in enumerate(rows):
            v = f(r)
            x = x0 + ci * bw
            if v is None:
                svg.text(x + bw / 2, bottom - 3, "-", size=8, anchor="middle")
                continue
            mean, p99, mx = v
            svg.rect(x, bottom - mean * scale, bw - 1.5, mean * scale, r["colour"])
            cx = x + (bw - 1.5) / 2
            if mx is not None:
                svg.line(cx, cx, bottom - mean * scale, bottom - mx * scale)
                for val in (p99, mx):
                    svg.line(cx - 3, cx + 3, bottom - val * scale, bottom - val * scale)
            if gi == 0 and marks and ci in marks:
                ty = bottom - marks[ci] * scale
                svg.line(x - 2, x + bw + 1, ty, ty, dash="3,2")
                svg.text(cx, ty - 2, "%d" % marks[ci], size=8, anchor="middle", fill="white")
            top_y = bottom - (mx if mx is not None else mean) * scale - 4
            svg.text(cx + 3, top_y, "%d" % round(mean), size=8, anchor="start", rotate=True)
        svg.text(left + gi * gw + gw / 2, bottom + 18, name, anchor="middle")
    svg.line(left, left + plot_w, bottom, bottom)
    for i, note in enumerate(notes):
        svg.text(left, bottom + 36 + 14 * i, note, size=10)
    px, pw = left + plot_w + 40, compute_w
    svg.text(px, top, "compute run time", weight="bold")
    svg.text(px, top + 14, compute_note, size=10)
    ratios = [r["compute_ratio"] for r in rows if r.get("compute_ratio")]
    lo, hi = 0.99, max([1.01] + [x + 0.002 for x in ratios])
    for ci, r in enumerate(rows):
        y = top + 28 + ci * 18
        if not r.get("compute_ratio"):
            continue
        w = (r["compute_ratio"] - lo) / (hi - lo) * pw
        svg.rect(px, y, w, 14, r["colour"])
        svg.text(px + w + 4, y + 11, "%.4f" % r["compute_ratio"], size=10)
    svg.text(px, top + 40 + n * 18, "axis from %.2f" % lo, size=10)
    svg.legend(px, top + 70 + n * 18, [(r["label"], r["colour"]) for r in rows])
    return svg.render()


# ---------------------------------------------------------------- distributions
HIST = re.compile(r"rtos: bench: histogram (\S+)((?: -?\d+\+\d+:\d+)+)\s*$")


def histogram(out, what="release"):
    """The RTOS's bench histogram in a console log: [(value, count)], value
    the largest latency its bucket holds (so a distribution drawn from it
    never shows a latency lower than measured), in increasing order. []
    when the log has none (an RTOS built before the histogram)."""
    counts = {}
    for line in out.split("\n"):
        m = HIST.search(line.rstrip("\r"))
        if not m or m.group(1) != what:
            continue
        for lo, w, c in re.findall(r"(-?\d+)\+(\d+):(\d+)", m.group(2)):
            v = int(lo) + int(w) - 1
            counts[v] = counts.get(v, 0) + int(c)
    return sorted(counts.items())


def histogram_file(path, what="release"):
    with open(path, errors="replace") as f:
        return histogram(f.read(), what)


def _cumulative(points):
    total = sum(c for _, c in points)
    acc, out = 0, []
    for v, c in sorted(points):
        acc += c
        out.append((v, acc / total))
    return out, total


def cdf_svg(series, title, xlabel):
    """Cumulative distributions, one line per series ({name: [(value,
    count)]}), as steps: left the CDF (fraction of samples at most x), right
    the same on a log scale of the fraction above x, so that the tail (the
    worst releases, 1 in 10,000) is as visible as the bulk. The x axis is
    logarithmic when the values span more than a factor of 20."""
    series = {k: v for k, v in series.items() if v}
    if not series:
        raise ValueError("cdf_svg: no data")
    width, height = 980, 440
    top, bottom = 50, height - 90
    panels = ((70, 400), (540, 400))
    svg = Svg(width, height, title)
    cum = {k: _cumulative(v) for k, v in series.items()}
    xs = [v for k in cum for v, _ in cum[k][0]]
    xmin, xmax = min(xs), max(xs)
    logx = xmin > 0 and xmax / xmin > 20
    if logx:
        lx0, lx1 = math.log10(xmin) - 0.05, math.log10(xmax) + 0.05
    else:
        pad = max(1, (xmax - xmin) * 0.05)
        lx0, lx1 = xmin - pad, xmax + pad
    ymin_tail = min(1.0 / cum[k][1] for k in cum) / 2   # below one sample in the largest set

    def fx(v, pl, pw):
        u = math.log10(v) if logx else v
        return pl + (u - lx0) / (lx1 - lx0) * pw

    def fy_lin(p):
        return bottom - p * (bottom - top)

    lt0 = math.floor(math.log10(ymin_tail))

    def fy_log(q):
        q = max(q, 10 ** lt0)
        return top + (0 - math.log10(q)) / (0 - lt0) * (bottom - top)

    # Axes and grids.
    if logx:
        ticks = [10 ** e * m for e in range(int(math.floor(lx0)), int(math.ceil(lx1)) + 1) for m in (1, 2, 5)
                 if lx0 <= math.log10(10 ** e * m) <= lx1]
    else:
        step = nice_step(xmax - xmin if xmax > xmin else xmax)
        ticks = list(range(int(math.ceil(lx0 / step) * step), int(lx1) + 1, step))
    for pi, (pl, pw) in enumerate(panels):
        for t in ticks:
            x = fx(t, pl, pw)
            svg.line(x, x, top, bottom, stroke="#eee")
            svg.text(x, bottom + 16, "%g" % t, size=10, anchor="middle")
        if pi == 0:
            for p in (0, 0.25, 0.5, 0.75, 0.9, 1.0):
                y = fy_lin(p)
                svg.line(pl, pl + pw, y, y, stroke="#ddd")
                svg.text(pl - 6, y + 4, "%g" % p, size=10, anchor="end")
            svg.text(pl + pw / 2, top - 6, "fraction of releases with latency <= x", size=11, anchor="middle")
        else:
            for e in range(lt0, 1):
                y = fy_log(10 ** e)
                svg.line(pl, pl + pw, y, y, stroke="#ddd")
                svg.text(pl - 6, y + 4, "1" if e == 0 else "1e%d" % e, size=10, anchor="end")
            svg.text(pl + pw / 2, top - 6, "fraction of releases with latency > x (log)", size=11,
                     anchor="middle")
        svg.line(pl, pl + pw, bottom, bottom)
        svg.line(pl, pl, top, bottom)
        svg.text(pl + pw / 2, bottom + 34, xlabel + (" (log scale)" if logx else ""), size=11, anchor="middle")
    # The curves: steps, each count added at its value.
    for i, (name, (pts, total)) in enumerate(cum.items()):
        colour = PALETTE[i % len(PALETTE)]
        (pl, pw), (ql, qw) = panels
        a, b = [], []
        prev = 0.0
        for v, p in pts:
            a += [(fx(v, pl, pw), fy_lin(prev)), (fx(v, pl, pw), fy_lin(p))]
            b += [(fx(v, ql, qw), fy_log(1 - prev)), (fx(v, ql, qw), fy_log(1 - p))]
            prev = p
        svg.polyline(a, colour)
        svg.polyline(b[:-1] if len(b) > 1 else b, colour)
    for i, (name, (pts, total)) in enumerate(cum.items()):
        x = 70 + (i % 3) * 300
        y = height - 40 + (i // 3) * 16
        svg.rect(x, y, 12, 12, PALETTE[i % len(PALETTE)])
        svg.text(x + 18, y + 10, "%s (%d samples)" % (name, total), size=10)
    return svg.render()


# ---------------------------------------------------------------- ratios
def ratio_bars_svg(rows, systems, title):
    """Micro-benchmark ratios to native as horizontal bars drawn from 1.0
    (native): rows is {system: [{"name", "ratio", "goal"}]} (goal: the
    highest ratio the goal allows, or None), systems the systems to draw, in
    order. One group of bars per benchmark name; a dashed mark at its goal;
    a benchmark a system lacks is marked "not measured"."""
    names = []
    for s in systems:
        for r in rows.get(s, []):
            if r["name"] not in names:
                names.append(r["name"])
    if not names:
        raise ValueError("ratio_bars_svg: no data")
    by = {(s, r["name"]): r for s in systems for r in rows.get(s, [])}
    goals = {r["name"]: r.get("goal") for s in systems for r in rows.get(s, []) if r.get("goal") is not None}
    vals = [r["ratio"] for r in by.values() if r.get("ratio") is not None] + list(goals.values()) + [1.0]
    lo, hi = min(vals), max(vals)
    span = max(hi - lo, 0.01)
    lo, hi = lo - span * 0.08, hi + span * 0.15
    label_w, plot_w = max(160, 24 + 7 * max(len(n) for n in names)), 520
    bar_h, gap = 14, 10
    group_h = bar_h * len(systems) + gap
    top = 56
    height = top + group_h * len(names) + 40 + 18 * len(systems)
    width = max(label_w + plot_w + 120, 40 + 8 * len(title))
    svg = Svg(width, height, title, title_x=16)
    x0 = label_w

    def fx(v):
        return x0 + (v - lo) / (hi - lo) * plot_w

    bottom = top + group_h * len(names)
    step = 10 ** math.floor(math.log10(span)) if span > 0 else 0.01
    if span / step < 3:
        step /= 2
    t = math.ceil(lo / step) * step
    while t <= hi:
        svg.line(fx(t), fx(t), top - 4, bottom, stroke="#eee")
        svg.text(fx(t), bottom + 14, ("%.3f" % t).rstrip("0").rstrip("."), size=10, anchor="middle")
        t += step
    svg.line(fx(1.0), fx(1.0), top - 8, bottom, stroke="black")
    svg.text(fx(1.0), top - 10, "native = 1", size=10, anchor="middle")
    for gi, name in enumerate(names):
        y0 = top + gi * group_h
        svg.text(x0 - 8, y0 + group_h / 2, name, size=11, anchor="end")
        for si, s in enumerate(systems):
            r = by.get((s, name))
            y = y0 + si * bar_h
            if not r or r.get("ratio") is None:
                svg.text(fx(1.0) + 4, y + bar_h - 3, "%s: not measured" % s, size=9, fill="#888")
                continue
            a, b = sorted((fx(1.0), fx(r["ratio"])))
            svg.rect(a, y + 1, max(b - a, 1), bar_h - 2, PALETTE[si % len(PALETTE)])
            svg.text(max(b, fx(1.0)) + 4, y + bar_h - 3, "%.4f" % r["ratio"], size=9)
        if name in goals:
            g = fx(goals[name])
            svg.line(g, g, y0 - 2, y0 + bar_h * len(systems) + 2, stroke="#c00", dash="4,2", width=1.5)
    svg.text(x0, bottom + 30, "bars from 1.0 (native) to the ratio; dashed red: the goal's limit", size=10)
    svg.legend(x0, bottom + 40, [(s, PALETTE[i % len(PALETTE)]) for i, s in enumerate(systems)])
    return svg.render()


# ---------------------------------------------------------------- from results
def rtos_series(results, gic=3):
    """{label: histogram} of the results' RTOS rows that carry one: native
    and Tandem alone first, then any other row (a Xen row among them)."""
    out = {}
    rows = [r for r in results.get("rtos_latency", []) if r.get("gic", gic) == gic and r.get("histogram")]
    rows.sort(key=lambda r: (r["config"] != "native", r["config"] != "tandem-alone", r["config"]))
    for r in rows:
        out["%s (%s)" % (r["config"], r.get("label", ""))] = [tuple(p) for p in r["histogram"]]
    return out


def compute_ratios(results):
    """The compute workload's run time over the same core's native that
    results.json has (a9_bench's table: arm64, Cortex-A15, Cortex-A9; else
    pv_bench's rows), as ratio rows per system: until the Linux
    micro-benchmarks land, the only such ratios make bench produces. The
    goal drawn is the issue's for compute (1.01x native)."""
    rows = {}
    name = "RTOS compute workload (1 kHz task on)"
    table = (results.get("cortex_a9") or {}).get("table") or []
    for r in table:
        if r.get("compute_ratio") and "native" not in r["key"]:
            rows.setdefault(r["label"], []).append({"name": name, "ratio": r["compute_ratio"], "goal": 1.01})
    if not rows:
        for r in results.get("paravirtual_comparison", []) or []:
            if r["config"] != "native":
                rows.setdefault(r["label"], []).append({"name": name, "ratio": r["compute"]["ratio_to_native"],
                                                        "goal": 1.01})
    return rows


def micro_ratios(results, vcpus="1vcpu"):
    """The Linux micro-benchmarks' ratios over native (tests/bench/linux_micro.py's
    rows: the ratio of the medians), as ratio rows per system."""
    micro = (results.get("linux_micro") or {}).get(vcpus) or {}
    rows = {}
    for r in micro.get("rows", []):
        for n in micro.get("systems", {}):
            if n != "native" and r.get("%s_ratio" % n) is not None:
                rows.setdefault(n, []).append({"name": r["name"], "ratio": r["%s_ratio" % n], "goal": r["goal"]})
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--results", default=os.path.join(OUT, "results.json"))
    ap.add_argument("--log", action="append", default=[], metavar="NAME=FILE",
                    help="an RTOS bench log to draw (e.g. xen=build/bench/xen-rtos.log)")
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--title", default="The RTOS's release latency (QEMU -icount: cycles = instructions)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    results = {}
    if os.path.exists(a.results):
        with open(a.results) as f:
            results = json.load(f)
        print("plots: from %s (%s, commit %s)" % (a.results, results.get("date"), results.get("commit")))
    series = rtos_series(results)
    for spec in a.log:
        name, _, path = spec.partition("=")
        h = histogram_file(path)
        if not h:
            raise SystemExit("plots: no histogram in %s" % path)
        series[name] = h
    done = []
    if series:
        path = os.path.join(a.out, "rtos-latency-cdf.svg")
        write(path, cdf_svg(series, a.title, "release latency, cycles"))
        done.append(path)
    ratios = micro_ratios(results)
    if ratios:
        path = os.path.join(a.out, "ratios.svg")
        write(path, ratio_bars_svg(ratios, list(ratios), "Linux micro-benchmarks, 1 vCPU: icount time over "
                                   "native (median of the runs), from %s" % os.path.basename(a.results)))
        done.append(path)
    ratios = compute_ratios(results)
    if ratios:
        path = os.path.join(a.out, "compute-ratios.svg")
        write(path, ratio_bars_svg(ratios, list(ratios), "RTOS compute workload: instructions over native "
                                   "(QEMU -icount), from %s" % os.path.basename(a.results)))
        done.append(path)
    for p in done:
        print("  plot: %s" % os.path.relpath(p, ROOT))
    if not done:
        print("plots: nothing to draw (no %s, no --log)" % a.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
