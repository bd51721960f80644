"""Prints a JVM's CPU time so far (seconds) per kind of thread, as JSON, from /proc: where a cold
start's first seconds go (the JIT compilers against the event loops that serve requests)."""
import json
import os
import sys

pid = sys.argv[1]
tick = os.sysconf("SC_CLK_TCK")
kinds = {"C2 CompilerThre": "jit-c2", "C1 CompilerThre": "jit-c1", "reactor-http-ep": "http-event-loops",
         "lettuce-epollEv": "redis-client", "GC Thread": "gc", "G1 ": "gc", "VM Thread": "vm"}
seconds = {}
for task in os.listdir(f"/proc/{pid}/task"):
    try:
        with open(f"/proc/{pid}/task/{task}/comm") as f:
            name = f.read().strip()
        with open(f"/proc/{pid}/task/{task}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        continue  # the thread ended meanwhile
    kind = next((k for prefix, k in kinds.items() if name.startswith(prefix)), "other")
    seconds[kind] = seconds.get(kind, 0) + (int(fields[11]) + int(fields[12])) / tick
print(json.dumps(seconds))
