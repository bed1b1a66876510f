# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_zksh_global_optspecs
    string join \n s/server= context= session-timeout= connect-timeout= timeout= r/read-only no-write force jute-maxbuffer= auth= auth-file= tls tls-ca= tls-cert= tls-key= sasl-user= sasl-password-file= c/command= f/file= o/output= color= k/keep-going q/quiet v/verbose sandbox snapshot= at= h/help V/version
end

function __fish_zksh_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_zksh_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_zksh_using_subcommand
    set -l cmd (__fish_zksh_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c zksh -n "__fish_zksh_needs_command" -s s -l server -d 'Servers: host[:port][,host[:port]...][/chroot]; port defaults to 2181 [default: the context\'s servers, else 127.0.0.1:2181]' -r
complete -c zksh -n "__fish_zksh_needs_command" -l context -d 'A context of the config file ($ZKSH_CONFIG, else ~/.config/zksh/config.toml): its servers, timeouts, credentials, TLS files and safety rails (default: the file\'s `default`)' -r
complete -c zksh -n "__fish_zksh_needs_command" -l session-timeout -d 'Session timeout (e.g. 30s, 1500ms) [default: the context\'s, else 30s]' -r
complete -c zksh -n "__fish_zksh_needs_command" -l connect-timeout -d 'Give up connecting after this long (exit code 8) [default: the context\'s, else 10s]' -r
complete -c zksh -n "__fish_zksh_needs_command" -l timeout -d 'Bound each command, watch waits included (exit code 8 when it runs out)' -r
complete -c zksh -n "__fish_zksh_needs_command" -l jute-maxbuffer -d 'The servers\' jute.maxbuffer: larger requests are refused before they are sent' -r
complete -c zksh -n "__fish_zksh_needs_command" -l auth -d 'Add credentials after connecting, SCHEME:CRED (repeatable; also $ZKSH_AUTH, --auth-file)' -r
complete -c zksh -n "__fish_zksh_needs_command" -l auth-file -d 'Read SCHEME:CRED lines from this file (keeps secrets out of `ps`)' -r
complete -c zksh -n "__fish_zksh_needs_command" -l tls-ca -d 'CA certificates (PEM) that sign the server\'s certificate (default: the system\'s CAs)' -r
complete -c zksh -n "__fish_zksh_needs_command" -l tls-cert -d 'Client certificate (PEM) for x509 authentication; needs --tls-key' -r
complete -c zksh -n "__fish_zksh_needs_command" -l tls-key -d 'Private key (PEM) of --tls-cert' -r
complete -c zksh -n "__fish_zksh_needs_command" -l sasl-user -d 'Log in with SASL DIGEST-MD5 as USER; the password comes from $ZKSH_SASL_PASSWORD or --sasl-password-file (a refused login: exit 7)' -r
complete -c zksh -n "__fish_zksh_needs_command" -l sasl-password-file -d 'Read the SASL password from this file\'s first line (keeps it out of `ps` and history)' -r
complete -c zksh -n "__fish_zksh_needs_command" -s c -l command -d 'Run these commands (separated by \';\'), then exit' -r
complete -c zksh -n "__fish_zksh_needs_command" -s f -l file -d 'Run a script file (\'-\' = stdin), then exit' -r
complete -c zksh -n "__fish_zksh_needs_command" -s o -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c zksh -n "__fish_zksh_needs_command" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c zksh -n "__fish_zksh_needs_command" -l snapshot -d 'Read a snapshot file, or a data directory (its newest snapshot and the logs after it, replayed), instead of a server: every read works on it, every write is refused (exit 7)' -r
complete -c zksh -n "__fish_zksh_needs_command" -l at -d 'With --snapshot DIR: stop the replay at this zxid (hex 0x.., or decimal)' -r
complete -c zksh -n "__fish_zksh_needs_command" -s r -l read-only -d 'Allow connecting to a read-only server'
complete -c zksh -n "__fish_zksh_needs_command" -l no-write -d 'Refuse every command that would change the server, before anything is sent (exit 7)'
complete -c zksh -n "__fish_zksh_needs_command" -l force -d 'Allow writes at or under the context\'s protected paths (scripts and one-shot commands)'
complete -c zksh -n "__fish_zksh_needs_command" -l tls -d 'Connect with TLS, to a secureClientPort (implied by --tls-ca, --tls-cert, --tls-key). A server certificate the CA did not sign, or a port without TLS: exit 8; a client certificate the server refuses: exit 7'
complete -c zksh -n "__fish_zksh_needs_command" -s k -l keep-going -d 'In scripts, keep going after a failed command'
complete -c zksh -n "__fish_zksh_needs_command" -s q -l quiet -d 'Print less on stderr'
complete -c zksh -n "__fish_zksh_needs_command" -s v -l verbose -d 'Print more on stderr'
complete -c zksh -n "__fish_zksh_needs_command" -l sandbox -d 'Start a throwaway local ZooKeeper server, connect to it, remove it on exit (overrides -s and $ZKSH_SERVER)'
complete -c zksh -n "__fish_zksh_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zksh -n "__fish_zksh_needs_command" -s V -l version -d 'Print version'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "create" -d 'Create a node; prints the path created'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "get" -d 'Print a node\'s value'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "set" -d 'Set a node\'s value'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "ls" -d 'List children (ls2 = ls -s)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "stat" -d 'Print a node\'s stat'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "exists" -d 'Exit 0 if the node exists, 3 if not'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "delete" -d 'Delete nodes (-r: with everything below them)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "rm" -d 'Delete nodes (-r: with everything below them)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "deleteall" -d 'Delete a node and everything below it'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "rmr" -d 'Delete a node and everything below it'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "watch" -d 'Persistent watch (-R: recursive); background in the REPL, a stream in one-shot mode'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "addWatch" -d 'Persistent watch (-R: recursive); background in the REPL, a stream in one-shot mode'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "lock" -d 'Take a lock as kazoo or Curator does and run CMD while holding it (exit 9: busy)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "elect" -d 'Campaign for leadership as kazoo or Curator does and run CMD while leader'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "locks" -d 'The holder and waiters of a lock (or an election), in order, for either dialect'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "watches" -d 'List the watches this shell holds'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "unwatch" -d 'Remove the watches held on a node'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "removewatches" -d 'Remove the watches held on a node'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "printwatches" -d 'Turn printing of watch events on or off'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "wait" -d 'Wait until a node exists, is absent, or changes (exit 8 on timeout)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "session" -d 'Session id, negotiated timeout, connected server, state, watches held'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "addauth" -d 'Add credentials to the session (never stored in history)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "getAcl" -d 'Print a node\'s ACL (scheme:id:perms per line)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "getacl" -d 'Print a node\'s ACL (scheme:id:perms per line)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "setAcl" -d 'Set a node\'s ACL (-R: the whole tree)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "setacl" -d 'Set a node\'s ACL (-R: the whole tree)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "digest" -d 'Turn user:password into the digest id that digest ACLs name'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "whoami" -d 'The identities this session is authenticated as'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "getEphemerals" -d 'Ephemeral nodes of this session'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "ephemerals" -d 'Ephemeral nodes of this session'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "count" -d 'Number of nodes below a node (getAllChildrenNumber)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "getAllChildrenNumber" -d 'Number of nodes below a node (getAllChildrenNumber)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "sync" -d 'Make the connected server catch up with the leader'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "config" -d 'Print the ensemble\'s dynamic configuration (/zookeeper/config)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "reconfig" -d 'Change the ensemble\'s membership (zkCli flags: -add, -remove, -members, -file, -v)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "setquota" -d 'Set a quota on a node (zkCli 3.8: -n/-b soft, -N/-B hard count/bytes)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "listquota" -d 'Print a node\'s quota and its usage'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "delquota" -d 'Remove a node\'s quota (or only the limits flagged)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "4lw" -d 'Send a four-letter word to every member (srvr, mntr, ruok, cons, stat, envi, wchs)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "srvr" -d 'Server details from every member (4lw srvr)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "mntr" -d 'Monitoring values from every member (4lw mntr)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "ruok" -d 'Is each member running? (4lw ruok)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "cons" -d 'Connections on every member (4lw cons)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "envi" -d 'Environment of every member (4lw envi)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "wchs" -d 'Watches on every member (4lw wchs)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "cluster" -d 'One table of every member: mode, zxid, latency, connections, znodes'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "tree" -d 'Draw the tree below a node'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "find" -d 'Find nodes by name (glob, or --regex) below a node'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "grep" -d 'Search node values (regular expression; binary-safe)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "du" -d 'Bytes and node counts per child, largest first'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "cp" -d 'Copy a node (-r: a tree), also to another cluster (zk://host:port/path)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "mv" -d 'Move a tree within the cluster (atomic when it fits in one multi)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "export" -d 'Save a tree (data, ACLs, node types) to a JSON file'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "import" -d 'Restore a tree from an export file'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "diff" -d 'Compare two trees (paths, zk://host/path, or export files)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "txn" -d 'Apply create/set/delete/check ops as one atomic transaction'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "edit" -d 'Edit a value in $VISUAL/$EDITOR (written back with compare-and-set)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "txnlog" -d 'Print ZooKeeper transaction logs, one line a transaction (offline; no server)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "hotspots" -d 'The widest nodes, largest values, deepest paths and biggest subtrees'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "acl" -d 'ACL tools: `acl audit [PATH]`'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "blame" -d 'The last writes to a node (-R: below it), from the transaction logs'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "who" -d 'An ephemeral\'s owner session and its client address; or a session\'s ephemerals'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "contexts" -d 'List the config file\'s contexts (the current one marked *)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "use" -d 'Switch to another context of the config file (its servers, credentials and rails)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "ui" -d 'Browse the tree full-screen: live, paged, with a preview and the command line on `:`'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "cd" -d 'Change the current node'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "pwd" -d 'Print the current node'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "connect" -d 'Connect to other servers (closes the current session)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "close" -d 'Close the session'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "reconnect" -d 'Open a new session to the same servers (after `close`, or to drop this one\'s ephemerals)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "clear" -d 'Clear the screen (in the interactive shell; elsewhere it does nothing)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "history" -d 'Print the command history'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "redo" -d 'Run line N of `history` again (REPL only)'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "version" -d 'Print zksh\'s version'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "help" -d 'Help on commands'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "quit" -d 'Leave the shell'
complete -c zksh -n "__fish_zksh_needs_command" -f -a "exit" -d 'Leave the shell'
complete -c zksh -n "__fish_zksh_using_subcommand create" -s t -l ttl -d 'Time to live of a persistent node (e.g. 10m; a bare number is milliseconds, as in zkCli)' -r
complete -c zksh -n "__fish_zksh_using_subcommand create" -l acl -d 'ACL of the new node, zkCli syntax: scheme:id:perms[,...] (default world:anyone:cdrwa)' -r
complete -c zksh -n "__fish_zksh_using_subcommand create" -l base64 -d 'Value given in base64 (binary-safe)' -r
complete -c zksh -n "__fish_zksh_using_subcommand create" -l hex -d 'Value given in hex (binary-safe)' -r
complete -c zksh -n "__fish_zksh_using_subcommand create" -l encode -d 'Compress the value before sending it' -r -f -a "gzip\t''
zlib\t''"
complete -c zksh -n "__fish_zksh_using_subcommand create" -s p -l parents -d 'Make missing parent nodes (persistent, empty)'
complete -c zksh -n "__fish_zksh_using_subcommand create" -s e -l ephemeral -d 'Ephemeral: deleted when this session ends'
complete -c zksh -n "__fish_zksh_using_subcommand create" -s s -l sequential -d 'Sequential: the server appends a 10-digit counter to the name'
complete -c zksh -n "__fish_zksh_using_subcommand create" -s c -l container -d 'Container: deleted by the server once its last child is gone'
complete -c zksh -n "__fish_zksh_using_subcommand create" -l json -d 'Refuse the value unless it is JSON (checked before --encode; exit 2, nothing sent)'
complete -c zksh -n "__fish_zksh_using_subcommand create" -l dry-run -d 'Print what would be sent, send nothing'
complete -c zksh -n "__fish_zksh_using_subcommand create" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand get" -l as -d 'Show the value as: text (decompressed), json (decompressed, pretty; fails when it is not JSON), hex, base64 (of the stored bytes), raw (the stored bytes, never decoded)' -r -f -a "text\t''
json\t''
hex\t''
base64\t''
raw\t''"
complete -c zksh -n "__fish_zksh_using_subcommand get" -s s -l stat -d 'Also print the stat'
complete -c zksh -n "__fish_zksh_using_subcommand get" -s w -l watch -d 'Watch the node; the event prints when it fires'
complete -c zksh -n "__fish_zksh_using_subcommand get" -l decode -d 'Decode also when stdout is not a terminal: gunzip/inflate, pretty JSON (a terminal shows values decoded by default)'
complete -c zksh -n "__fish_zksh_using_subcommand get" -s x -l hex -d 'As --as hex: a hexdump of the stored bytes'
complete -c zksh -n "__fish_zksh_using_subcommand get" -s b -l base64 -d 'As --as base64'
complete -c zksh -n "__fish_zksh_using_subcommand get" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand set" -s v -l version -d 'Only if the node is at this version (compare-and-set)' -r
complete -c zksh -n "__fish_zksh_using_subcommand set" -l base64 -d 'Value given in base64 (binary-safe)' -r
complete -c zksh -n "__fish_zksh_using_subcommand set" -l hex -d 'Value given in hex (binary-safe)' -r
complete -c zksh -n "__fish_zksh_using_subcommand set" -l encode -d 'Compress the value before sending it' -r -f -a "gzip\t''
zlib\t''"
complete -c zksh -n "__fish_zksh_using_subcommand set" -s s -l stat -d 'Print the new stat'
complete -c zksh -n "__fish_zksh_using_subcommand set" -l json -d 'Refuse the value unless it is JSON (checked before --encode; exit 2, nothing sent)'
complete -c zksh -n "__fish_zksh_using_subcommand set" -l dry-run -d 'Print what would be sent, send nothing'
complete -c zksh -n "__fish_zksh_using_subcommand set" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand ls" -s s -l stat -d 'Also print the node\'s stat'
complete -c zksh -n "__fish_zksh_using_subcommand ls" -s w -l watch -d 'Watch the children; the event prints when it fires'
complete -c zksh -n "__fish_zksh_using_subcommand ls" -s R -l recursive -d 'List the whole tree below (full paths, breadth-first)'
complete -c zksh -n "__fish_zksh_using_subcommand ls" -s l -l long -d 'Long listing: type, version, size, children, name'
complete -c zksh -n "__fish_zksh_using_subcommand ls" -l decode-names -d 'Show URL-encoded names (Dubbo\'s providers) decoded; JSON keeps the exact names'
complete -c zksh -n "__fish_zksh_using_subcommand ls" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand stat" -s w -l watch -d 'Watch the node; the event prints when it fires'
complete -c zksh -n "__fish_zksh_using_subcommand stat" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand exists" -s w -l watch -d 'Watch for creation, change or deletion'
complete -c zksh -n "__fish_zksh_using_subcommand exists" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand delete" -s v -l version -d 'Only if the node is at this version' -r
complete -c zksh -n "__fish_zksh_using_subcommand delete" -s r -l recursive -d 'Also delete everything below (as deleteall)'
complete -c zksh -n "__fish_zksh_using_subcommand delete" -l force -d 'Skip the confirmation asked in the REPL above 1000 nodes (with -r)'
complete -c zksh -n "__fish_zksh_using_subcommand delete" -l dry-run -d 'Print what would be sent, send nothing'
complete -c zksh -n "__fish_zksh_using_subcommand delete" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand rm" -s v -l version -d 'Only if the node is at this version' -r
complete -c zksh -n "__fish_zksh_using_subcommand rm" -s r -l recursive -d 'Also delete everything below (as deleteall)'
complete -c zksh -n "__fish_zksh_using_subcommand rm" -l force -d 'Skip the confirmation asked in the REPL above 1000 nodes (with -r)'
complete -c zksh -n "__fish_zksh_using_subcommand rm" -l dry-run -d 'Print what would be sent, send nothing'
complete -c zksh -n "__fish_zksh_using_subcommand rm" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand deleteall" -s b -d 'Accepted for zkCli.sh compatibility (batch size); zksh sizes batches itself' -r
complete -c zksh -n "__fish_zksh_using_subcommand deleteall" -l force -d 'Do not ask for confirmation (the REPL asks above 1000 nodes)'
complete -c zksh -n "__fish_zksh_using_subcommand deleteall" -l dry-run -d 'Print what would be deleted, delete nothing'
complete -c zksh -n "__fish_zksh_using_subcommand deleteall" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand rmr" -s b -d 'Accepted for zkCli.sh compatibility (batch size); zksh sizes batches itself' -r
complete -c zksh -n "__fish_zksh_using_subcommand rmr" -l force -d 'Do not ask for confirmation (the REPL asks above 1000 nodes)'
complete -c zksh -n "__fish_zksh_using_subcommand rmr" -l dry-run -d 'Print what would be deleted, delete nothing'
complete -c zksh -n "__fish_zksh_using_subcommand rmr" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand watch" -l count -d 'One-shot mode: stop after N events' -r
complete -c zksh -n "__fish_zksh_using_subcommand watch" -l timeout -d 'One-shot mode: stop after this long (exit 0)' -r
complete -c zksh -n "__fish_zksh_using_subcommand watch" -s R -l recursive -d 'Recursive: events for every node below too (persistent-recursive)'
complete -c zksh -n "__fish_zksh_using_subcommand watch" -l data -d 'Print the new value with each NodeCreated / NodeDataChanged event'
complete -c zksh -n "__fish_zksh_using_subcommand watch" -l stop-on-error -d 'With CMD: end the watch when CMD fails, with its exit code'
complete -c zksh -n "__fish_zksh_using_subcommand watch" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand addWatch" -l count -d 'One-shot mode: stop after N events' -r
complete -c zksh -n "__fish_zksh_using_subcommand addWatch" -l timeout -d 'One-shot mode: stop after this long (exit 0)' -r
complete -c zksh -n "__fish_zksh_using_subcommand addWatch" -s R -l recursive -d 'Recursive: events for every node below too (persistent-recursive)'
complete -c zksh -n "__fish_zksh_using_subcommand addWatch" -l data -d 'Print the new value with each NodeCreated / NodeDataChanged event'
complete -c zksh -n "__fish_zksh_using_subcommand addWatch" -l stop-on-error -d 'With CMD: end the watch when CMD fails, with its exit code'
complete -c zksh -n "__fish_zksh_using_subcommand addWatch" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand lock" -l dialect -d 'Whose recipe: kazoo or curator (default: that of the nodes already there; curator for an empty directory)' -r -f -a "kazoo\t''
curator\t''"
complete -c zksh -n "__fish_zksh_using_subcommand lock" -l timeout -d 'Give up after waiting this long (exit 9, see --conflict-exit-code)' -r
complete -c zksh -n "__fish_zksh_using_subcommand lock" -l id -d 'The data of our node (kazoo\'s identifier; Curator\'s holder address); default HOST:PID' -r
complete -c zksh -n "__fish_zksh_using_subcommand lock" -l conflict-exit-code -d 'Exit code when it was not obtained in time (like flock -E)' -r
complete -c zksh -n "__fish_zksh_using_subcommand lock" -l kill-after -d 'After a lost session, SIGKILL the command\'s group this long after SIGTERM' -r
complete -c zksh -n "__fish_zksh_using_subcommand lock" -l no-wait -d 'Give up at once when someone else holds it (exit 9)'
complete -c zksh -n "__fish_zksh_using_subcommand lock" -l dry-run -d 'Print what would be sent, send nothing'
complete -c zksh -n "__fish_zksh_using_subcommand lock" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand elect" -l dialect -d 'Whose recipe: kazoo or curator (default: that of the nodes already there; curator for an empty directory)' -r -f -a "kazoo\t''
curator\t''"
complete -c zksh -n "__fish_zksh_using_subcommand elect" -l timeout -d 'Give up after waiting this long (exit 9, see --conflict-exit-code)' -r
complete -c zksh -n "__fish_zksh_using_subcommand elect" -l id -d 'The data of our node (kazoo\'s identifier; Curator\'s holder address); default HOST:PID' -r
complete -c zksh -n "__fish_zksh_using_subcommand elect" -l conflict-exit-code -d 'Exit code when it was not obtained in time (like flock -E)' -r
complete -c zksh -n "__fish_zksh_using_subcommand elect" -l kill-after -d 'After a lost session, SIGKILL the command\'s group this long after SIGTERM' -r
complete -c zksh -n "__fish_zksh_using_subcommand elect" -l list -d 'Print the leader and the candidates in order, and exit'
complete -c zksh -n "__fish_zksh_using_subcommand elect" -l no-wait -d 'Give up at once when someone else holds it (exit 9)'
complete -c zksh -n "__fish_zksh_using_subcommand elect" -l dry-run -d 'Print what would be sent, send nothing'
complete -c zksh -n "__fish_zksh_using_subcommand elect" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand locks" -l revoke -d 'Write Curator\'s revocation request (`__REVOKE__`) into this lock node (a name in PATH, or its full path); only a holder that made its lock revocable acts on it' -r
complete -c zksh -n "__fish_zksh_using_subcommand locks" -l dry-run -d 'With --revoke: print the write it would send, send nothing'
complete -c zksh -n "__fish_zksh_using_subcommand locks" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand watches" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand unwatch" -s c -d 'Only child watches (zkCli -c)'
complete -c zksh -n "__fish_zksh_using_subcommand unwatch" -s d -d 'Only data watches (zkCli -d)'
complete -c zksh -n "__fish_zksh_using_subcommand unwatch" -s a -d 'Any watch (zkCli -a; the default)'
complete -c zksh -n "__fish_zksh_using_subcommand unwatch" -s l -d 'Accepted for zkCli compatibility (remove locally even when the server is gone)'
complete -c zksh -n "__fish_zksh_using_subcommand unwatch" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand removewatches" -s c -d 'Only child watches (zkCli -c)'
complete -c zksh -n "__fish_zksh_using_subcommand removewatches" -s d -d 'Only data watches (zkCli -d)'
complete -c zksh -n "__fish_zksh_using_subcommand removewatches" -s a -d 'Any watch (zkCli -a; the default)'
complete -c zksh -n "__fish_zksh_using_subcommand removewatches" -s l -d 'Accepted for zkCli compatibility (remove locally even when the server is gone)'
complete -c zksh -n "__fish_zksh_using_subcommand removewatches" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand printwatches" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand wait" -l timeout -d 'Give up after this long (exit 8)' -r
complete -c zksh -n "__fish_zksh_using_subcommand wait" -l exists -d 'Until the node exists'
complete -c zksh -n "__fish_zksh_using_subcommand wait" -l absent -d 'Until the node does not exist'
complete -c zksh -n "__fish_zksh_using_subcommand wait" -l changed -d 'Until the node is created, changed or deleted'
complete -c zksh -n "__fish_zksh_using_subcommand wait" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand session" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand addauth" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand getAcl" -s s -l stat -d 'Also print the stat'
complete -c zksh -n "__fish_zksh_using_subcommand getAcl" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand getacl" -s s -l stat -d 'Also print the stat'
complete -c zksh -n "__fish_zksh_using_subcommand getacl" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand setAcl" -s v -l version -d 'Only if the ACL is at this version (aclVersion)' -r
complete -c zksh -n "__fish_zksh_using_subcommand setAcl" -s s -l stat -d 'Also print the stat'
complete -c zksh -n "__fish_zksh_using_subcommand setAcl" -s R -l recursive -d 'The node and every node below it'
complete -c zksh -n "__fish_zksh_using_subcommand setAcl" -l force -d 'With -R: do not ask for confirmation (the REPL asks above 1000 nodes)'
complete -c zksh -n "__fish_zksh_using_subcommand setAcl" -l dry-run -d 'Print what would change (with -R: every node), change nothing'
complete -c zksh -n "__fish_zksh_using_subcommand setAcl" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand setacl" -s v -l version -d 'Only if the ACL is at this version (aclVersion)' -r
complete -c zksh -n "__fish_zksh_using_subcommand setacl" -s s -l stat -d 'Also print the stat'
complete -c zksh -n "__fish_zksh_using_subcommand setacl" -s R -l recursive -d 'The node and every node below it'
complete -c zksh -n "__fish_zksh_using_subcommand setacl" -l force -d 'With -R: do not ask for confirmation (the REPL asks above 1000 nodes)'
complete -c zksh -n "__fish_zksh_using_subcommand setacl" -l dry-run -d 'Print what would change (with -R: every node), change nothing'
complete -c zksh -n "__fish_zksh_using_subcommand setacl" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand digest" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand getEphemerals" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand ephemerals" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand count" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand getAllChildrenNumber" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand sync" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand config" -s c -l client -d 'Only the version and the members\' client addresses (zkCli\'s -c)'
complete -c zksh -n "__fish_zksh_using_subcommand config" -s s -l stat -d 'Also print the stat of /zookeeper/config'
complete -c zksh -n "__fish_zksh_using_subcommand config" -s w -l watch -d 'Watch the configuration; the event prints when it changes'
complete -c zksh -n "__fish_zksh_using_subcommand config" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand reconfig" -l add -d 'Servers to add: server.N=HOST:PEER_PORT:ELECTION_PORT[:ROLE];[CLIENT_HOST:]CLIENT_PORT[,...] (zkCli: -add)' -r
complete -c zksh -n "__fish_zksh_using_subcommand reconfig" -l remove -d 'Server ids to remove: N[,...] (zkCli: -remove)' -r
complete -c zksh -n "__fish_zksh_using_subcommand reconfig" -l members -d 'The whole new membership, server strings as for --add (zkCli: -members)' -r
complete -c zksh -n "__fish_zksh_using_subcommand reconfig" -l file -d 'Read the whole new membership from a dynamic config file (server.N=... lines) (zkCli: -file)' -r
complete -c zksh -n "__fish_zksh_using_subcommand reconfig" -s v -l version -d 'Only if the configuration is at this version (hex, as `config` prints it)' -r
complete -c zksh -n "__fish_zksh_using_subcommand reconfig" -s s -l stat -d 'Also print the stat of the new configuration'
complete -c zksh -n "__fish_zksh_using_subcommand reconfig" -l dry-run -d 'Print what would be sent, send nothing'
complete -c zksh -n "__fish_zksh_using_subcommand reconfig" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand setquota" -s n -l count -d 'Soft limit on the number of nodes (the node itself included); beyond it the server logs a warning' -r
complete -c zksh -n "__fish_zksh_using_subcommand setquota" -s b -l bytes -d 'Soft limit on the bytes of data in the subtree' -r
complete -c zksh -n "__fish_zksh_using_subcommand setquota" -s N -l count-hard -d 'Hard limit on the number of nodes: the server refuses creates beyond it (zookeeper.enforceQuota=true)' -r
complete -c zksh -n "__fish_zksh_using_subcommand setquota" -s B -l bytes-hard -d 'Hard limit on the bytes of data: the server refuses writes beyond it (zookeeper.enforceQuota=true)' -r
complete -c zksh -n "__fish_zksh_using_subcommand setquota" -l dry-run -d 'Print what would be sent, send nothing'
complete -c zksh -n "__fish_zksh_using_subcommand setquota" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand listquota" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand delquota" -s n -l count -d 'Remove only the soft count limit'
complete -c zksh -n "__fish_zksh_using_subcommand delquota" -s b -l bytes -d 'Remove only the soft bytes limit'
complete -c zksh -n "__fish_zksh_using_subcommand delquota" -s N -l count-hard -d 'Remove only the hard count limit'
complete -c zksh -n "__fish_zksh_using_subcommand delquota" -s B -l bytes-hard -d 'Remove only the hard bytes limit'
complete -c zksh -n "__fish_zksh_using_subcommand delquota" -l dry-run -d 'Print what would be sent, send nothing'
complete -c zksh -n "__fish_zksh_using_subcommand delquota" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand 4lw" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand srvr" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand mntr" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand ruok" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand cons" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand envi" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand wchs" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand cluster" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand tree" -s d -l depth -d 'Levels below the node to show' -r
complete -c zksh -n "__fish_zksh_using_subcommand tree" -l decode-names -d 'Show URL-encoded names (Dubbo\'s providers) decoded; JSON keeps the exact names'
complete -c zksh -n "__fish_zksh_using_subcommand tree" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand find" -l type -d 'Only nodes of this type: e(phemeral) or p(ersistent)' -r
complete -c zksh -n "__fish_zksh_using_subcommand find" -l regex -d 'PATTERN is a regular expression (on names) instead of a glob'
complete -c zksh -n "__fish_zksh_using_subcommand find" -l decode-names -d 'Match and show URL-encoded names (Dubbo\'s providers) decoded; JSON keeps the exact paths'
complete -c zksh -n "__fish_zksh_using_subcommand find" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand grep" -s i -l ignore-case -d 'Case-insensitive'
complete -c zksh -n "__fish_zksh_using_subcommand grep" -s F -l fixed -d 'PATTERN is a fixed string'
complete -c zksh -n "__fish_zksh_using_subcommand grep" -s l -l names -d 'Print only the paths of matching nodes'
complete -c zksh -n "__fish_zksh_using_subcommand grep" -l decode -d 'Search values decompressed (gzip, zlib; as detected or as the config\'s [decode] rules say)'
complete -c zksh -n "__fish_zksh_using_subcommand grep" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand du" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand cp" -s r -l recursive -d 'Copy the whole tree below SRC'
complete -c zksh -n "__fish_zksh_using_subcommand cp" -l overwrite -d 'Set data and ACL of nodes that already exist at the destination'
complete -c zksh -n "__fish_zksh_using_subcommand cp" -l dry-run -d 'Print what would be sent, send nothing'
complete -c zksh -n "__fish_zksh_using_subcommand cp" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand mv" -l dry-run -d 'Print what would be sent, send nothing'
complete -c zksh -n "__fish_zksh_using_subcommand mv" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand export" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand import" -l overwrite -d 'Set data and ACL of nodes that already exist (default: they fail)'
complete -c zksh -n "__fish_zksh_using_subcommand import" -l dry-run -d 'Check the file and print what would be created, change nothing'
complete -c zksh -n "__fish_zksh_using_subcommand import" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand diff" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand txn" -l dry-run -d 'Print what would be sent, send nothing'
complete -c zksh -n "__fish_zksh_using_subcommand txn" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand edit" -l raw -d 'Edit the stored bytes as they are (no decompression, no JSON check)'
complete -c zksh -n "__fish_zksh_using_subcommand edit" -l dry-run -d 'Print what would be sent, send nothing'
complete -c zksh -n "__fish_zksh_using_subcommand edit" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand txnlog" -l path -d 'Only ops on paths matching GLOB (`*` within a name, `**` across levels); a path without wildcards matches itself and everything below it' -r
complete -c zksh -n "__fish_zksh_using_subcommand txnlog" -l session -d 'Only this session\'s transactions (hex 0x.., or decimal)' -r
complete -c zksh -n "__fish_zksh_using_subcommand txnlog" -l since -d 'From this time (RFC 3339, e.g. 2026-12-01T10:00:00Z, or an age such as 2h) or zxid (0x..)' -r
complete -c zksh -n "__fish_zksh_using_subcommand txnlog" -l until -d 'Up to this time or zxid (inclusive)' -r
complete -c zksh -n "__fish_zksh_using_subcommand txnlog" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand hotspots" -l top -d 'How many of each to show' -r
complete -c zksh -n "__fish_zksh_using_subcommand hotspots" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand acl; and not __fish_seen_subcommand_from audit" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand acl; and not __fish_seen_subcommand_from audit" -f -a "audit" -d 'Report risky ACLs below a node (exit 1 when something is found)'
complete -c zksh -n "__fish_zksh_using_subcommand acl; and __fish_seen_subcommand_from audit" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand blame" -l txnlog -d 'The transaction logs: a dataDir, its version-2/, or log files (default: the --snapshot directory)' -r
complete -c zksh -n "__fish_zksh_using_subcommand blame" -l last -d 'How many of the last writes to show' -r
complete -c zksh -n "__fish_zksh_using_subcommand blame" -s R -l recursive -d 'Also the writes to every node below it'
complete -c zksh -n "__fish_zksh_using_subcommand blame" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand who" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand contexts" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand use" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand ui" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand cd" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand pwd" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand connect" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand close" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand reconnect" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand clear" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand history" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand redo" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand version" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand help" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand quit" -s h -l help -d 'Print help'
complete -c zksh -n "__fish_zksh_using_subcommand exit" -s h -l help -d 'Print help'
