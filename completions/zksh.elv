
use builtin;
use str;

set edit:completion:arg-completer[zksh] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'zksh'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'zksh'= {
            cand -s 'Servers: host[:port][,host[:port]...][/chroot]; port defaults to 2181 [default: the context''s servers, else 127.0.0.1:2181]'
            cand --server 'Servers: host[:port][,host[:port]...][/chroot]; port defaults to 2181 [default: the context''s servers, else 127.0.0.1:2181]'
            cand --context 'A context of the config file ($ZKSH_CONFIG, else ~/.config/zksh/config.toml): its servers, timeouts, credentials, TLS files and safety rails (default: the file''s `default`)'
            cand --session-timeout 'Session timeout (e.g. 30s, 1500ms) [default: the context''s, else 30s]'
            cand --connect-timeout 'Give up connecting after this long (exit code 8) [default: the context''s, else 10s]'
            cand --timeout 'Bound each command, watch waits included (exit code 8 when it runs out)'
            cand --jute-maxbuffer 'The servers'' jute.maxbuffer: larger requests are refused before they are sent'
            cand --auth 'Add credentials after connecting, SCHEME:CRED (repeatable; also $ZKSH_AUTH, --auth-file)'
            cand --auth-file 'Read SCHEME:CRED lines from this file (keeps secrets out of `ps`)'
            cand --tls-ca 'CA certificates (PEM) that sign the server''s certificate (default: the system''s CAs)'
            cand --tls-cert 'Client certificate (PEM) for x509 authentication; needs --tls-key'
            cand --tls-key 'Private key (PEM) of --tls-cert'
            cand --sasl-user 'Log in with SASL DIGEST-MD5 as USER; the password comes from $ZKSH_SASL_PASSWORD or --sasl-password-file (a refused login: exit 7)'
            cand --sasl-password-file 'Read the SASL password from this file''s first line (keeps it out of `ps` and history)'
            cand -c 'Run these commands (separated by '';''), then exit'
            cand --command 'Run these commands (separated by '';''), then exit'
            cand -f 'Run a script file (''-'' = stdin), then exit'
            cand --file 'Run a script file (''-'' = stdin), then exit'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output'
            cand --snapshot 'Read a snapshot file, or a data directory (its newest snapshot and the logs after it, replayed), instead of a server: every read works on it, every write is refused (exit 7)'
            cand --at 'With --snapshot DIR: stop the replay at this zxid (hex 0x.., or decimal)'
            cand -r 'Allow connecting to a read-only server'
            cand --read-only 'Allow connecting to a read-only server'
            cand --no-write 'Refuse every command that would change the server, before anything is sent (exit 7)'
            cand --force 'Allow writes at or under the context''s protected paths (scripts and one-shot commands)'
            cand --tls 'Connect with TLS, to a secureClientPort (implied by --tls-ca, --tls-cert, --tls-key). A server certificate the CA did not sign, or a port without TLS: exit 8; a client certificate the server refuses: exit 7'
            cand -k 'In scripts, keep going after a failed command'
            cand --keep-going 'In scripts, keep going after a failed command'
            cand -q 'Print less on stderr'
            cand --quiet 'Print less on stderr'
            cand -v 'Print more on stderr'
            cand --verbose 'Print more on stderr'
            cand --sandbox 'Start a throwaway local ZooKeeper server, connect to it, remove it on exit (overrides -s and $ZKSH_SERVER)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a node; prints the path created'
            cand get 'Print a node''s value'
            cand set 'Set a node''s value'
            cand ls 'List children (ls2 = ls -s)'
            cand stat 'Print a node''s stat'
            cand exists 'Exit 0 if the node exists, 3 if not'
            cand delete 'Delete nodes (-r: with everything below them)'
            cand rm 'Delete nodes (-r: with everything below them)'
            cand deleteall 'Delete a node and everything below it'
            cand rmr 'Delete a node and everything below it'
            cand watch 'Persistent watch (-R: recursive); background in the REPL, a stream in one-shot mode'
            cand addWatch 'Persistent watch (-R: recursive); background in the REPL, a stream in one-shot mode'
            cand lock 'Take a lock as kazoo or Curator does and run CMD while holding it (exit 9: busy)'
            cand elect 'Campaign for leadership as kazoo or Curator does and run CMD while leader'
            cand locks 'The holder and waiters of a lock (or an election), in order, for either dialect'
            cand watches 'List the watches this shell holds'
            cand unwatch 'Remove the watches held on a node'
            cand removewatches 'Remove the watches held on a node'
            cand printwatches 'Turn printing of watch events on or off'
            cand wait 'Wait until a node exists, is absent, or changes (exit 8 on timeout)'
            cand session 'Session id, negotiated timeout, connected server, state, watches held'
            cand addauth 'Add credentials to the session (never stored in history)'
            cand getAcl 'Print a node''s ACL (scheme:id:perms per line)'
            cand getacl 'Print a node''s ACL (scheme:id:perms per line)'
            cand setAcl 'Set a node''s ACL (-R: the whole tree)'
            cand setacl 'Set a node''s ACL (-R: the whole tree)'
            cand digest 'Turn user:password into the digest id that digest ACLs name'
            cand whoami 'The identities this session is authenticated as'
            cand getEphemerals 'Ephemeral nodes of this session'
            cand ephemerals 'Ephemeral nodes of this session'
            cand count 'Number of nodes below a node (getAllChildrenNumber)'
            cand getAllChildrenNumber 'Number of nodes below a node (getAllChildrenNumber)'
            cand sync 'Make the connected server catch up with the leader'
            cand config 'Print the ensemble''s dynamic configuration (/zookeeper/config)'
            cand reconfig 'Change the ensemble''s membership (zkCli flags: -add, -remove, -members, -file, -v)'
            cand setquota 'Set a quota on a node (zkCli 3.8: -n/-b soft, -N/-B hard count/bytes)'
            cand listquota 'Print a node''s quota and its usage'
            cand delquota 'Remove a node''s quota (or only the limits flagged)'
            cand 4lw 'Send a four-letter word to every member (srvr, mntr, ruok, cons, stat, envi, wchs)'
            cand srvr 'Server details from every member (4lw srvr)'
            cand mntr 'Monitoring values from every member (4lw mntr)'
            cand ruok 'Is each member running? (4lw ruok)'
            cand cons 'Connections on every member (4lw cons)'
            cand envi 'Environment of every member (4lw envi)'
            cand wchs 'Watches on every member (4lw wchs)'
            cand cluster 'One table of every member: mode, zxid, latency, connections, znodes'
            cand tree 'Draw the tree below a node'
            cand find 'Find nodes by name (glob, or --regex) below a node'
            cand grep 'Search node values (regular expression; binary-safe)'
            cand du 'Bytes and node counts per child, largest first'
            cand cp 'Copy a node (-r: a tree), also to another cluster (zk://host:port/path)'
            cand mv 'Move a tree within the cluster (atomic when it fits in one multi)'
            cand export 'Save a tree (data, ACLs, node types) to a JSON file'
            cand import 'Restore a tree from an export file'
            cand diff 'Compare two trees (paths, zk://host/path, or export files)'
            cand txn 'Apply create/set/delete/check ops as one atomic transaction'
            cand edit 'Edit a value in $VISUAL/$EDITOR (written back with compare-and-set)'
            cand txnlog 'Print ZooKeeper transaction logs, one line a transaction (offline; no server)'
            cand hotspots 'The widest nodes, largest values, deepest paths and biggest subtrees'
            cand acl 'ACL tools: `acl audit [PATH]`'
            cand blame 'The last writes to a node (-R: below it), from the transaction logs'
            cand who 'An ephemeral''s owner session and its client address; or a session''s ephemerals'
            cand contexts 'List the config file''s contexts (the current one marked *)'
            cand use 'Switch to another context of the config file (its servers, credentials and rails)'
            cand ui 'Browse the tree full-screen: live, paged, with a preview and the command line on `:`'
            cand cd 'Change the current node'
            cand pwd 'Print the current node'
            cand connect 'Connect to other servers (closes the current session)'
            cand close 'Close the session'
            cand reconnect 'Open a new session to the same servers (after `close`, or to drop this one''s ephemerals)'
            cand clear 'Clear the screen (in the interactive shell; elsewhere it does nothing)'
            cand history 'Print the command history'
            cand redo 'Run line N of `history` again (REPL only)'
            cand version 'Print zksh''s version'
            cand help 'Help on commands'
            cand quit 'Leave the shell'
            cand exit 'Leave the shell'
        }
        &'zksh;create'= {
            cand -t 'Time to live of a persistent node (e.g. 10m; a bare number is milliseconds, as in zkCli)'
            cand --ttl 'Time to live of a persistent node (e.g. 10m; a bare number is milliseconds, as in zkCli)'
            cand --acl 'ACL of the new node, zkCli syntax: scheme:id:perms[,...] (default world:anyone:cdrwa)'
            cand --base64 'Value given in base64 (binary-safe)'
            cand --hex 'Value given in hex (binary-safe)'
            cand --encode 'Compress the value before sending it'
            cand -p 'Make missing parent nodes (persistent, empty)'
            cand --parents 'Make missing parent nodes (persistent, empty)'
            cand -e 'Ephemeral: deleted when this session ends'
            cand --ephemeral 'Ephemeral: deleted when this session ends'
            cand -s 'Sequential: the server appends a 10-digit counter to the name'
            cand --sequential 'Sequential: the server appends a 10-digit counter to the name'
            cand -c 'Container: deleted by the server once its last child is gone'
            cand --container 'Container: deleted by the server once its last child is gone'
            cand --json 'Refuse the value unless it is JSON (checked before --encode; exit 2, nothing sent)'
            cand --dry-run 'Print what would be sent, send nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;get'= {
            cand --as 'Show the value as: text (decompressed), json (decompressed, pretty; fails when it is not JSON), hex, base64 (of the stored bytes), raw (the stored bytes, never decoded)'
            cand -s 'Also print the stat'
            cand --stat 'Also print the stat'
            cand -w 'Watch the node; the event prints when it fires'
            cand --watch 'Watch the node; the event prints when it fires'
            cand --decode 'Decode also when stdout is not a terminal: gunzip/inflate, pretty JSON (a terminal shows values decoded by default)'
            cand -x 'As --as hex: a hexdump of the stored bytes'
            cand --hex 'As --as hex: a hexdump of the stored bytes'
            cand -b 'As --as base64'
            cand --base64 'As --as base64'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;set'= {
            cand -v 'Only if the node is at this version (compare-and-set)'
            cand --version 'Only if the node is at this version (compare-and-set)'
            cand --base64 'Value given in base64 (binary-safe)'
            cand --hex 'Value given in hex (binary-safe)'
            cand --encode 'Compress the value before sending it'
            cand -s 'Print the new stat'
            cand --stat 'Print the new stat'
            cand --json 'Refuse the value unless it is JSON (checked before --encode; exit 2, nothing sent)'
            cand --dry-run 'Print what would be sent, send nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;ls'= {
            cand -s 'Also print the node''s stat'
            cand --stat 'Also print the node''s stat'
            cand -w 'Watch the children; the event prints when it fires'
            cand --watch 'Watch the children; the event prints when it fires'
            cand -R 'List the whole tree below (full paths, breadth-first)'
            cand --recursive 'List the whole tree below (full paths, breadth-first)'
            cand -l 'Long listing: type, version, size, children, name'
            cand --long 'Long listing: type, version, size, children, name'
            cand --decode-names 'Show URL-encoded names (Dubbo''s providers) decoded; JSON keeps the exact names'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;stat'= {
            cand -w 'Watch the node; the event prints when it fires'
            cand --watch 'Watch the node; the event prints when it fires'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;exists'= {
            cand -w 'Watch for creation, change or deletion'
            cand --watch 'Watch for creation, change or deletion'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;delete'= {
            cand -v 'Only if the node is at this version'
            cand --version 'Only if the node is at this version'
            cand -r 'Also delete everything below (as deleteall)'
            cand --recursive 'Also delete everything below (as deleteall)'
            cand --force 'Skip the confirmation asked in the REPL above 1000 nodes (with -r)'
            cand --dry-run 'Print what would be sent, send nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;rm'= {
            cand -v 'Only if the node is at this version'
            cand --version 'Only if the node is at this version'
            cand -r 'Also delete everything below (as deleteall)'
            cand --recursive 'Also delete everything below (as deleteall)'
            cand --force 'Skip the confirmation asked in the REPL above 1000 nodes (with -r)'
            cand --dry-run 'Print what would be sent, send nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;deleteall'= {
            cand -b 'Accepted for zkCli.sh compatibility (batch size); zksh sizes batches itself'
            cand --force 'Do not ask for confirmation (the REPL asks above 1000 nodes)'
            cand --dry-run 'Print what would be deleted, delete nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;rmr'= {
            cand -b 'Accepted for zkCli.sh compatibility (batch size); zksh sizes batches itself'
            cand --force 'Do not ask for confirmation (the REPL asks above 1000 nodes)'
            cand --dry-run 'Print what would be deleted, delete nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;watch'= {
            cand --count 'One-shot mode: stop after N events'
            cand --timeout 'One-shot mode: stop after this long (exit 0)'
            cand -R 'Recursive: events for every node below too (persistent-recursive)'
            cand --recursive 'Recursive: events for every node below too (persistent-recursive)'
            cand --data 'Print the new value with each NodeCreated / NodeDataChanged event'
            cand --stop-on-error 'With CMD: end the watch when CMD fails, with its exit code'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;addWatch'= {
            cand --count 'One-shot mode: stop after N events'
            cand --timeout 'One-shot mode: stop after this long (exit 0)'
            cand -R 'Recursive: events for every node below too (persistent-recursive)'
            cand --recursive 'Recursive: events for every node below too (persistent-recursive)'
            cand --data 'Print the new value with each NodeCreated / NodeDataChanged event'
            cand --stop-on-error 'With CMD: end the watch when CMD fails, with its exit code'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;lock'= {
            cand --dialect 'Whose recipe: kazoo or curator (default: that of the nodes already there; curator for an empty directory)'
            cand --timeout 'Give up after waiting this long (exit 9, see --conflict-exit-code)'
            cand --id 'The data of our node (kazoo''s identifier; Curator''s holder address); default HOST:PID'
            cand --conflict-exit-code 'Exit code when it was not obtained in time (like flock -E)'
            cand --kill-after 'After a lost session, SIGKILL the command''s group this long after SIGTERM'
            cand --no-wait 'Give up at once when someone else holds it (exit 9)'
            cand --dry-run 'Print what would be sent, send nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;elect'= {
            cand --dialect 'Whose recipe: kazoo or curator (default: that of the nodes already there; curator for an empty directory)'
            cand --timeout 'Give up after waiting this long (exit 9, see --conflict-exit-code)'
            cand --id 'The data of our node (kazoo''s identifier; Curator''s holder address); default HOST:PID'
            cand --conflict-exit-code 'Exit code when it was not obtained in time (like flock -E)'
            cand --kill-after 'After a lost session, SIGKILL the command''s group this long after SIGTERM'
            cand --list 'Print the leader and the candidates in order, and exit'
            cand --no-wait 'Give up at once when someone else holds it (exit 9)'
            cand --dry-run 'Print what would be sent, send nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;locks'= {
            cand --revoke 'Write Curator''s revocation request (`__REVOKE__`) into this lock node (a name in PATH, or its full path); only a holder that made its lock revocable acts on it'
            cand --dry-run 'With --revoke: print the write it would send, send nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;watches'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;unwatch'= {
            cand -c 'Only child watches (zkCli -c)'
            cand -d 'Only data watches (zkCli -d)'
            cand -a 'Any watch (zkCli -a; the default)'
            cand -l 'Accepted for zkCli compatibility (remove locally even when the server is gone)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;removewatches'= {
            cand -c 'Only child watches (zkCli -c)'
            cand -d 'Only data watches (zkCli -d)'
            cand -a 'Any watch (zkCli -a; the default)'
            cand -l 'Accepted for zkCli compatibility (remove locally even when the server is gone)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;printwatches'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;wait'= {
            cand --timeout 'Give up after this long (exit 8)'
            cand --exists 'Until the node exists'
            cand --absent 'Until the node does not exist'
            cand --changed 'Until the node is created, changed or deleted'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;session'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;addauth'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;getAcl'= {
            cand -s 'Also print the stat'
            cand --stat 'Also print the stat'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;getacl'= {
            cand -s 'Also print the stat'
            cand --stat 'Also print the stat'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;setAcl'= {
            cand -v 'Only if the ACL is at this version (aclVersion)'
            cand --version 'Only if the ACL is at this version (aclVersion)'
            cand -s 'Also print the stat'
            cand --stat 'Also print the stat'
            cand -R 'The node and every node below it'
            cand --recursive 'The node and every node below it'
            cand --force 'With -R: do not ask for confirmation (the REPL asks above 1000 nodes)'
            cand --dry-run 'Print what would change (with -R: every node), change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;setacl'= {
            cand -v 'Only if the ACL is at this version (aclVersion)'
            cand --version 'Only if the ACL is at this version (aclVersion)'
            cand -s 'Also print the stat'
            cand --stat 'Also print the stat'
            cand -R 'The node and every node below it'
            cand --recursive 'The node and every node below it'
            cand --force 'With -R: do not ask for confirmation (the REPL asks above 1000 nodes)'
            cand --dry-run 'Print what would change (with -R: every node), change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;digest'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;whoami'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;getEphemerals'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;ephemerals'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;count'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;getAllChildrenNumber'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;sync'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;config'= {
            cand -c 'Only the version and the members'' client addresses (zkCli''s -c)'
            cand --client 'Only the version and the members'' client addresses (zkCli''s -c)'
            cand -s 'Also print the stat of /zookeeper/config'
            cand --stat 'Also print the stat of /zookeeper/config'
            cand -w 'Watch the configuration; the event prints when it changes'
            cand --watch 'Watch the configuration; the event prints when it changes'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;reconfig'= {
            cand --add 'Servers to add: server.N=HOST:PEER_PORT:ELECTION_PORT[:ROLE];[CLIENT_HOST:]CLIENT_PORT[,...] (zkCli: -add)'
            cand --remove 'Server ids to remove: N[,...] (zkCli: -remove)'
            cand --members 'The whole new membership, server strings as for --add (zkCli: -members)'
            cand --file 'Read the whole new membership from a dynamic config file (server.N=... lines) (zkCli: -file)'
            cand -v 'Only if the configuration is at this version (hex, as `config` prints it)'
            cand --version 'Only if the configuration is at this version (hex, as `config` prints it)'
            cand -s 'Also print the stat of the new configuration'
            cand --stat 'Also print the stat of the new configuration'
            cand --dry-run 'Print what would be sent, send nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;setquota'= {
            cand -n 'Soft limit on the number of nodes (the node itself included); beyond it the server logs a warning'
            cand --count 'Soft limit on the number of nodes (the node itself included); beyond it the server logs a warning'
            cand -b 'Soft limit on the bytes of data in the subtree'
            cand --bytes 'Soft limit on the bytes of data in the subtree'
            cand -N 'Hard limit on the number of nodes: the server refuses creates beyond it (zookeeper.enforceQuota=true)'
            cand --count-hard 'Hard limit on the number of nodes: the server refuses creates beyond it (zookeeper.enforceQuota=true)'
            cand -B 'Hard limit on the bytes of data: the server refuses writes beyond it (zookeeper.enforceQuota=true)'
            cand --bytes-hard 'Hard limit on the bytes of data: the server refuses writes beyond it (zookeeper.enforceQuota=true)'
            cand --dry-run 'Print what would be sent, send nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;listquota'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;delquota'= {
            cand -n 'Remove only the soft count limit'
            cand --count 'Remove only the soft count limit'
            cand -b 'Remove only the soft bytes limit'
            cand --bytes 'Remove only the soft bytes limit'
            cand -N 'Remove only the hard count limit'
            cand --count-hard 'Remove only the hard count limit'
            cand -B 'Remove only the hard bytes limit'
            cand --bytes-hard 'Remove only the hard bytes limit'
            cand --dry-run 'Print what would be sent, send nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;4lw'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;srvr'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;mntr'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;ruok'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;cons'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;envi'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;wchs'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;cluster'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;tree'= {
            cand -d 'Levels below the node to show'
            cand --depth 'Levels below the node to show'
            cand --decode-names 'Show URL-encoded names (Dubbo''s providers) decoded; JSON keeps the exact names'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;find'= {
            cand --type 'Only nodes of this type: e(phemeral) or p(ersistent)'
            cand --regex 'PATTERN is a regular expression (on names) instead of a glob'
            cand --decode-names 'Match and show URL-encoded names (Dubbo''s providers) decoded; JSON keeps the exact paths'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;grep'= {
            cand -i 'Case-insensitive'
            cand --ignore-case 'Case-insensitive'
            cand -F 'PATTERN is a fixed string'
            cand --fixed 'PATTERN is a fixed string'
            cand -l 'Print only the paths of matching nodes'
            cand --names 'Print only the paths of matching nodes'
            cand --decode 'Search values decompressed (gzip, zlib; as detected or as the config''s [decode] rules say)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;du'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;cp'= {
            cand -r 'Copy the whole tree below SRC'
            cand --recursive 'Copy the whole tree below SRC'
            cand --overwrite 'Set data and ACL of nodes that already exist at the destination'
            cand --dry-run 'Print what would be sent, send nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;mv'= {
            cand --dry-run 'Print what would be sent, send nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;export'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;import'= {
            cand --overwrite 'Set data and ACL of nodes that already exist (default: they fail)'
            cand --dry-run 'Check the file and print what would be created, change nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;diff'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;txn'= {
            cand --dry-run 'Print what would be sent, send nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;edit'= {
            cand --raw 'Edit the stored bytes as they are (no decompression, no JSON check)'
            cand --dry-run 'Print what would be sent, send nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;txnlog'= {
            cand --path 'Only ops on paths matching GLOB (`*` within a name, `**` across levels); a path without wildcards matches itself and everything below it'
            cand --session 'Only this session''s transactions (hex 0x.., or decimal)'
            cand --since 'From this time (RFC 3339, e.g. 2026-12-01T10:00:00Z, or an age such as 2h) or zxid (0x..)'
            cand --until 'Up to this time or zxid (inclusive)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;hotspots'= {
            cand --top 'How many of each to show'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;acl'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand audit 'Report risky ACLs below a node (exit 1 when something is found)'
        }
        &'zksh;acl;audit'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;blame'= {
            cand --txnlog 'The transaction logs: a dataDir, its version-2/, or log files (default: the --snapshot directory)'
            cand --last 'How many of the last writes to show'
            cand -R 'Also the writes to every node below it'
            cand --recursive 'Also the writes to every node below it'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;who'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;contexts'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;use'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;ui'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;cd'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;pwd'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;connect'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;close'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;reconnect'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;clear'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;history'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;redo'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;version'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;help'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;quit'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'zksh;exit'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
    ]
    $completions[$command]
}
