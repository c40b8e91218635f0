"""What the scripts under .ci/ and bench/ share, written once: a free port, the packaged jar started and stopped,
the operations behind the door as the service's own OpenAPI document lists them, and checks that report as they go.

Python scripts import it (`sys.path.insert(0, <root>/.ci/lib)`); shell scripts call it:
    python3 .ci/lib/offload.py free-port
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAR = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")


def free_port():
    """A TCP port nothing listens on now, on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def java():
    """The JDK the build uses (.mvn/java-home): JAVA_HOME when it is new enough, else the newest one installed."""
    home = subprocess.run([os.path.join(ROOT, ".mvn", "java-home")], capture_output=True, text=True, check=True)
    return os.path.join(home.stdout.strip(), "bin", "java")


def get(url, timeout=10, headers=None, method="GET"):
    """(status, headers, body) of one request; status is a string saying why when there was no answer."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()
    except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError) as e:
        return f"no answer ({e})", {}, ""


class App:
    """The packaged jar on a free loopback port: started, waited for until it answers, stopped with SIGTERM.

    props are -D system properties, env extra environment variables; jvm_args go before -jar.
    """

    def __init__(self, log_path, props=None, env=None, jvm_args=(), jar=JAR, java_bin=None, wait_s=120):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
        command = [java_bin or java(), *jvm_args, f"-Dquarkus.http.port={self.port}", "-Dquarkus.http.host=127.0.0.1",
                   *[f"-D{key}={value}" for key, value in (props or {}).items()], "-jar", jar]
        self.launched = time.perf_counter()
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(command, env=dict(os.environ, **(env or {})), stdout=self.log,
                                        stderr=subprocess.STDOUT, cwd=os.path.dirname(jar))
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"the application exited while starting (code {self.process.returncode}); see {log_path}")
            if get(self.base + "/ping", timeout=1)[0] == 200:
                break
            if time.perf_counter() - self.launched > wait_s:
                self.stop()
                raise SystemExit(f"the application did not answer within {wait_s} s; see {log_path}")
            time.sleep(0.005)
        self.first_answer_ms = (time.perf_counter() - self.launched) * 1000
        self.first_answer_cpu_s = self.cpu_seconds()

    def status(self, field):
        """A field of /proc/PID/status, e.g. VmRSS, in MiB for sizes."""
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        return None

    def rss_mib(self):
        return self.status("VmRSS")

    def cpu_seconds(self):
        """User plus system CPU time the process has used so far."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def memory_mib(self):
        """Resident memory now, in MiB: the whole (VmRSS), and its anonymous (heap, stacks, malloc) and file-backed
        (mapped jars, the AOT cache) parts."""
        return {"rss": self.status("VmRSS"), "anon": self.status("RssAnon"), "file": self.status("RssFile")}

    def thread_cpu_seconds(self):
        """CPU time so far by kind of thread: thread names with their numbers taken out, e.g. 'vert.x-eventloop-thread-'
        (Linux cuts names at 15 characters), so a delta over a phase says who spent the process's CPU."""
        ticks = os.sysconf("SC_CLK_TCK")
        spent = {}
        task_dir = f"/proc/{self.process.pid}/task"
        for task in os.listdir(task_dir):
            try:
                with open(f"{task_dir}/{task}/comm") as comm, open(f"{task_dir}/{task}/stat") as stat:
                    name = "".join(c for c in comm.read().strip() if not c.isdigit())
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:  # the thread ended meanwhile
                continue
            spent[name] = spent.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
        return spent

    def signal(self, sig=signal.SIGTERM):
        self.process.send_signal(sig)

    def stop(self, timeout=60):
        """SIGTERM, then the exit code (a JVM stopped by SIGTERM exits 143)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode

    def __enter__(self):
        return self

    def __exit__(self, *failure):
        self.stop()


def metrics(base, timeout=30):
    """The service's metrics (/q/metrics, Prometheus text, without OpenMetrics exemplars): a list of
    (name, labels as a dict, value)."""
    status, _, body = get(base + "/q/metrics", timeout=timeout, headers={"Accept": "text/plain"})
    if status != 200:
        raise SystemExit(f"{base}/q/metrics answered {status}")
    samples = []
    for line in body.splitlines():
        if not line or line.startswith("#"):
            continue
        head, value = line.rsplit(" ", 1)
        name, _, rest = head.partition("{")
        labels = {}
        for pair in rest.rstrip("}").rstrip(",").split('",') if rest else []:
            key, _, label = pair.partition("=")
            labels[key.strip(",")] = label.strip('"')
        samples.append((name, labels, float(value)))
    return samples


def operations(base):
    """The documented operations, from the service's own OpenAPI document: (method, path, lane or None), the path's
    parameters filled with the examples the document gives. The one list of the service's endpoints."""
    status, _, body = get(base + "/q/openapi?format=json", timeout=30)
    if status != 200:
        raise SystemExit(f"{base}/q/openapi answered {status}")
    found = []
    for template, by_method in json.loads(body)["paths"].items():
        for method, operation in by_method.items():
            path = template
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path":
                    path = path.replace("{" + parameter["name"] + "}", str(parameter.get("example")))
            found.append((method.upper(), path, operation.get("x-offload-lane")))
    return found


def lane_operations(base):
    """The documented operations behind the door: (method, path, lane)."""
    return [operation for operation in operations(base) if operation[2]]


class Report:
    """Checks that print as they go ('ok' or 'FAIL' and what) and count, for a script that ends with finish()."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.problems = []

    def check(self, ok, what, detail=""):
        print(("ok    " if ok else "FAIL  ") + what + ("" if ok or not detail else "\n      " + detail), flush=True)
        if ok:
            self.passed += 1
        else:
            self.problems.append(what)
        return ok

    def finish(self, at_least=1):
        """Exits: 1 with the failures listed, or when fewer than at_least checks ran at all."""
        total = self.passed + len(self.problems)
        if total < at_least:
            print(f"{self.name}: FAILED, only {total} checks ran, expected at least {at_least}")
            sys.exit(1)
        if self.problems:
            print(f"{self.name}: FAILED, {len(self.problems)} of {total} checks\n  " + "\n  ".join(self.problems))
            sys.exit(1)
        print(f"{self.name}: passed, {total} checks")


if __name__ == "__main__":
    if sys.argv[1:] == ["free-port"]:
        print(free_port())
    else:
        sys.exit("usage: offload.py free-port")
