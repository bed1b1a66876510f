// A Curator peer for zksh's recipe tests, driven by lines on stdin, answering on stdout (the
// commands of kazoo_peer.py): InterProcessMutex for hold/try/loop, LeaderLatch for lead.
import java.io.BufferedReader;
import java.io.File;
import java.io.FileWriter;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.RetryOneTime;

public class CuratorPeer {
    static void critical(String dir, String who) throws Exception {
        File cs = new File(dir, "cs");
        if (!cs.mkdir()) {
            try (FileWriter f = new FileWriter(new File(dir, "log"), true)) {
                f.write("VIOLATION " + who + "\n");
            }
            return;
        }
        File counter = new File(dir, "counter");
        int n = counter.exists() ? Integer.parseInt(Files.readString(counter.toPath()).trim()) : 0;
        Thread.sleep(20);
        Files.writeString(counter.toPath(), (n + 1) + "\n");
        cs.delete();
    }

    public static void main(String[] args) throws Exception {
        CuratorFramework zk = CuratorFrameworkFactory.newClient(args[0], 10000, 60000, new RetryOneTime(200));
        zk.start();
        zk.blockUntilConnected(60, TimeUnit.SECONDS);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        InterProcessMutex held = null;
        LeaderLatch latch = null;
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            switch (w[0]) {
                case "hold":
                    held = new InterProcessMutex(zk, w[1]);
                    held.acquire();
                    System.out.println("HELD");
                    break;
                case "try": {
                    InterProcessMutex m = new InterProcessMutex(zk, w[1]);
                    boolean got = m.acquire(0, TimeUnit.MILLISECONDS);
                    if (got) held = m;
                    System.out.println("TRY " + (got ? "True" : "False"));
                    break;
                }
                case "release":
                    held.release();
                    held = null;
                    System.out.println("RELEASED");
                    break;
                case "lead":
                    latch = new LeaderLatch(zk, w[1], w[2]);
                    latch.start();
                    latch.await();
                    System.out.println("LEADER");
                    break;
                case "unlead":
                    latch.close();
                    System.out.println("UNLED");
                    break;
                case "contenders": {
                    List<String> ids = new ArrayList<>();
                    LeaderLatch probe = new LeaderLatch(zk, w[1]);
                    for (Participant p : probe.getParticipants()) ids.add(p.getId());
                    System.out.println("CONTENDERS " + String.join(",", ids));
                    break;
                }
                case "nodes": {
                    InterProcessMutex m = new InterProcessMutex(zk, w[1]);
                    List<String> names = new ArrayList<>();
                    for (String p : m.getParticipantNodes()) names.add(p.substring(p.lastIndexOf('/') + 1));
                    System.out.println("NODES " + String.join(",", names));
                    break;
                }
                case "loop": {
                    InterProcessMutex m = new InterProcessMutex(zk, w[1]);
                    for (int i = 0; i < Integer.parseInt(w[3]); i++) {
                        m.acquire();
                        try {
                            critical(w[4], w[2]);
                        } finally {
                            m.release();
                        }
                    }
                    System.out.println("LOOPED");
                    break;
                }
                case "quit":
                    zk.close();
                    System.exit(0);
                    break;
                default:
                    System.out.println("UNKNOWN " + w[0]);
            }
            System.out.flush();
        }
        zk.close();
    }
}
