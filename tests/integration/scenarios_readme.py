"""The README's commands, as written (issue 18): what its quick start and its
list of other commands name must run from a fresh clone. No QEMU: each
script it names exists, is committed with its run bit, starts through its
own `#!/usr/bin/env python3` line and answers --help; each `make TARGET`
anywhere in the README is a target of the Makefile (`make -n TARGET`
succeeds, a dry run: nothing is built or booted).

What is read: README.md's indented command lines under "Quick start" and
"Other commands" (the command is what comes before the first run of two
spaces or a " #"; "a; b" is two commands), and every `make TARGET` in the
whole file, prose included.
"""
import os
import re
import subprocess
import sys

from harness import CheckFailed, ROOT, scenario

README = os.path.join(ROOT, "README.md")
SECTIONS = ("## Quick start", "## Other commands")
SCRIPT_DIRS = ("tools/", "tests/", "build/")


def readme_text():
    with open(README) as f:
        return f.read()


def command_lines(text):
    """The commands of the README's command blocks: [(line number, command)]."""
    out, inside = [], False
    for no, line in enumerate(text.splitlines(), 1):
        if line.startswith("## "):
            inside = any(line.startswith(s) for s in SECTIONS)
            continue
        # an entry: four spaces then the command; deeper lines continue the
        # previous entry's description
        if not inside or not re.match(r"^    \S", line):
            continue
        cmd = re.split(r"  +| #", line.strip(), maxsplit=1)[0]
        out += [(no, c.strip()) for c in cmd.split(";") if c.strip()]
    return out


def scripts(commands):
    """The files the commands run: their first word when it is a path."""
    found = []
    for no, cmd in commands:
        word = cmd.split()[0]
        if word.startswith(SCRIPT_DIRS):
            found.append((no, word))
    return found


def make_targets(text):
    """Every `make TARGET` in the README (code and prose): {target: line}."""
    targets = {}
    for no, line in enumerate(text.splitlines(), 1):
        for t in re.findall(r"\bmake ([a-z][\w-]*)", line):
            targets.setdefault(t, no)
    return targets


def clean_env():
    """The environment without a calling make's flags (make test runs this
    inside make: its jobserver and -k/-s must not leak into the dry runs)."""
    env = dict(os.environ)
    for k in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"):
        env.pop(k, None)
    return env


def git_mode(path):
    """The file's mode in git's index ("100755"), or None outside a checkout."""
    try:
        r = subprocess.run(["git", "-C", ROOT, "ls-files", "-s", "--", path], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return r.stdout.split()[0] if r.returncode == 0 and r.stdout.strip() else None


@scenario
def readme_commands():
    """The README's commands run as written: scripts runnable and answering
    --help, every make target it names known to make."""
    text = readme_text()
    commands = command_lines(text)
    named = scripts(commands)
    targets = make_targets(text)

    def found():
        # the extraction itself: the quick start's two commands and the
        # list's scripts; an empty list would make every other check vacuous
        cmds = [c for _no, c in commands]
        for c in ("make run", "make test", "tools/tandem_qemu.py --vm OVERLAY.dtbo=PAYLOAD ..."):
            if c not in cmds:
                raise CheckFailed("README.md: command %r not found among %s" % (c, cmds))
        py = [w for _no, w in named if w.endswith(".py")]
        if len(py) < 5 or len(targets) < 10:
            raise CheckFailed("only %d scripts and %d make targets read from README.md: %s %s" % (
                len(py), len(targets), py, sorted(targets)))

    def scripts_runnable():
        bad = []
        for no, path in named:
            full = os.path.join(ROOT, path)
            if not os.path.isfile(full):
                bad.append("README.md:%d: %s does not exist%s" % (
                    no, path, " (built by make)" if path.startswith("build/") else ""))
                continue
            if not os.access(full, os.X_OK):
                bad.append("README.md:%d: %s is not executable (Permission denied)" % (no, path))
            if not path.startswith("build/"):
                mode = git_mode(path)
                if mode is not None and mode != "100755":
                    bad.append("README.md:%d: %s is committed as %s, without its run bit "
                               "(git update-index --chmod=+x)" % (no, path, mode))
        if bad:
            raise CheckFailed("; ".join(bad))

    def python_scripts_compile():
        bad = []
        for no, path in named:
            if not path.endswith(".py") or not os.path.isfile(os.path.join(ROOT, path)):
                continue
            with open(os.path.join(ROOT, path)) as f:
                first = f.readline().rstrip("\n")
            if first != "#!/usr/bin/env python3":
                bad.append("README.md:%d: %s starts with %r, not #!/usr/bin/env python3" % (no, path, first))
            r = subprocess.run([sys.executable, "-c", "import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "
                                "'exec')", os.path.join(ROOT, path)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, timeout=120)
            if r.returncode:
                bad.append("README.md:%d: %s does not compile: %s" % (no, path, r.stdout.strip()[-300:]))
        if bad:
            raise CheckFailed("; ".join(bad))

    def help_answers():
        # run as the README writes it: the path itself, through its #! line
        bad = []
        for no, path in named:
            if not path.endswith(".py") or not os.path.isfile(os.path.join(ROOT, path)):
                continue
            try:
                r = subprocess.run([os.path.join(".", path), "--help"], cwd=ROOT, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, timeout=180)
            except OSError as e:
                bad.append("README.md:%d: %s --help: %s" % (no, path, e))
                continue
            except subprocess.TimeoutExpired:
                bad.append("README.md:%d: %s --help did not answer in 180 s (does it start its work?)" % (no, path))
                continue
            if r.returncode or not r.stdout.lstrip().startswith("usage:"):
                bad.append("README.md:%d: %s --help: exit %d, %r" % (no, path, r.returncode, r.stdout[:200]))
        if bad:
            raise CheckFailed("; ".join(bad))

    def make_targets_exist():
        bad = []
        for t, no in sorted(targets.items()):
            try:
                r = subprocess.run(["make", "-n", t], cwd=ROOT, env=clean_env(), stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, timeout=300)
            except subprocess.TimeoutExpired:
                bad.append("README.md:%d: make -n %s did not finish in 300 s" % (no, t))
                continue
            if r.returncode:
                last = [line for line in r.stdout.splitlines() if line.strip()][-1:] or [""]
                bad.append("README.md:%d: make %s: %s" % (no, t, last[0]))
        if bad:
            raise CheckFailed("; ".join(bad))

    return [("the quick start's and the command list's commands are read from README.md", found),
            ("every script it names exists and is committed executable", scripts_runnable),
            ("every Python script it names starts with #!/usr/bin/env python3 and compiles",
             python_scripts_compile),
            ("every Python script it names, run by its path, answers --help", help_answers),
            ("every make target it names is one (make -n TARGET succeeds)", make_targets_exist)]
