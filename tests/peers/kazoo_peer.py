"""A kazoo peer for zksh's recipe tests, driven by lines on stdin, answering on stdout.

    hold PATH ID          take Lock(PATH, ID), blocking          -> HELD
    try PATH ID           Lock.acquire(blocking=False)           -> TRY True|False
    release               release what hold/try took              -> RELEASED
    lead PATH ID          Election(PATH, ID).run(...) in a thread -> LEADER (once leader)
    unlead                end that leadership                     -> UNLED
    contenders PATH       Lock(PATH).contenders()                 -> CONTENDERS a,b,...
    loop PATH ID N DIR    N times: lock, critical section, unlock -> LOOPED
    quit

The critical section (the same in every peer and in zksh's test commands): mkdir DIR/cs (a
failure means two holders at once: append VIOLATION to DIR/log), read DIR/counter, sleep 20 ms,
write it back plus one, rmdir DIR/cs.
"""
import os
import sys
import threading
import time

from kazoo.client import KazooClient


def critical(d, who):
    try:
        os.mkdir(os.path.join(d, "cs"))
    except FileExistsError:
        with open(os.path.join(d, "log"), "a") as f:
            f.write("VIOLATION %s\n" % who)
        return
    path = os.path.join(d, "counter")
    n = int(open(path).read().strip() or 0) if os.path.exists(path) else 0
    time.sleep(0.02)
    with open(path, "w") as f:
        f.write("%d\n" % (n + 1))
    os.rmdir(os.path.join(d, "cs"))


def main():
    zk = KazooClient(hosts=sys.argv[1], timeout=10)
    zk.start(timeout=60)
    held = None
    leading = None
    out = sys.stdout
    for line in sys.stdin:
        w = line.split()
        if not w:
            continue
        cmd = w[0]
        if cmd == "hold":
            held = zk.Lock(w[1], w[2])
            held.acquire()
            out.write("HELD\n")
        elif cmd == "try":
            lock = zk.Lock(w[1], w[2])
            got = lock.acquire(blocking=False)
            held = lock if got else held
            out.write("TRY %s\n" % got)
        elif cmd == "release":
            held.release()
            held = None
            out.write("RELEASED\n")
        elif cmd == "lead":
            stop = threading.Event()
            election = zk.Election(w[1], w[2])

            def leader():
                out.write("LEADER\n")
                out.flush()
                stop.wait()

            t = threading.Thread(target=election.run, args=(leader,), daemon=True)
            t.start()
            leading = (stop, t)
        elif cmd == "unlead":
            leading[0].set()
            leading[1].join()
            out.write("UNLED\n")
        elif cmd == "contenders":
            out.write("CONTENDERS %s\n" % ",".join(zk.Lock(w[1]).contenders()))
        elif cmd == "loop":
            lock = zk.Lock(w[1], w[2])
            for _ in range(int(w[3])):
                with lock:
                    critical(w[4], w[2])
            out.write("LOOPED\n")
        elif cmd == "quit":
            break
        out.flush()
    zk.stop()
    zk.close()


main()
