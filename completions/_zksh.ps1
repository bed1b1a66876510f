
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'zksh' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'zksh'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'zksh' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Servers: host[:port][,host[:port]...][/chroot]; port defaults to 2181 [default: the context''s servers, else 127.0.0.1:2181]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Servers: host[:port][,host[:port]...][/chroot]; port defaults to 2181 [default: the context''s servers, else 127.0.0.1:2181]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context of the config file ($ZKSH_CONFIG, else ~/.config/zksh/config.toml): its servers, timeouts, credentials, TLS files and safety rails (default: the file''s `default`)')
            [CompletionResult]::new('--session-timeout', '--session-timeout', [CompletionResultType]::ParameterName, 'Session timeout (e.g. 30s, 1500ms) [default: the context''s, else 30s]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting after this long (exit code 8) [default: the context''s, else 10s]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound each command, watch waits included (exit code 8 when it runs out)')
            [CompletionResult]::new('--jute-maxbuffer', '--jute-maxbuffer', [CompletionResultType]::ParameterName, 'The servers'' jute.maxbuffer: larger requests are refused before they are sent')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Add credentials after connecting, SCHEME:CRED (repeatable; also $ZKSH_AUTH, --auth-file)')
            [CompletionResult]::new('--auth-file', '--auth-file', [CompletionResultType]::ParameterName, 'Read SCHEME:CRED lines from this file (keeps secrets out of `ps`)')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'CA certificates (PEM) that sign the server''s certificate (default: the system''s CAs)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for x509 authentication; needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--sasl-user', '--sasl-user', [CompletionResultType]::ParameterName, 'Log in with SASL DIGEST-MD5 as USER; the password comes from $ZKSH_SASL_PASSWORD or --sasl-password-file (a refused login: exit 7)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'Read the SASL password from this file''s first line (keeps it out of `ps` and history)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Run these commands (separated by '';''), then exit')
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'Run these commands (separated by '';''), then exit')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Run a script file (''-'' = stdin), then exit')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Run a script file (''-'' = stdin), then exit')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Read a snapshot file, or a data directory (its newest snapshot and the logs after it, replayed), instead of a server: every read works on it, every write is refused (exit 7)')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'With --snapshot DIR: stop the replay at this zxid (hex 0x.., or decimal)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Allow connecting to a read-only server')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Allow connecting to a read-only server')
            [CompletionResult]::new('--no-write', '--no-write', [CompletionResultType]::ParameterName, 'Refuse every command that would change the server, before anything is sent (exit 7)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Allow writes at or under the context''s protected paths (scripts and one-shot commands)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS, to a secureClientPort (implied by --tls-ca, --tls-cert, --tls-key). A server certificate the CA did not sign, or a port without TLS: exit 8; a client certificate the server refuses: exit 7')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'In scripts, keep going after a failed command')
            [CompletionResult]::new('--keep-going', '--keep-going', [CompletionResultType]::ParameterName, 'In scripts, keep going after a failed command')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Start a throwaway local ZooKeeper server, connect to it, remove it on exit (overrides -s and $ZKSH_SERVER)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a node; prints the path created')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a node''s value')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a node''s value')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List children (ls2 = ls -s)')
            [CompletionResult]::new('stat', 'stat', [CompletionResultType]::ParameterValue, 'Print a node''s stat')
            [CompletionResult]::new('exists', 'exists', [CompletionResultType]::ParameterValue, 'Exit 0 if the node exists, 3 if not')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete nodes (-r: with everything below them)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete nodes (-r: with everything below them)')
            [CompletionResult]::new('deleteall', 'deleteall', [CompletionResultType]::ParameterValue, 'Delete a node and everything below it')
            [CompletionResult]::new('rmr', 'rmr', [CompletionResultType]::ParameterValue, 'Delete a node and everything below it')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Persistent watch (-R: recursive); background in the REPL, a stream in one-shot mode')
            [CompletionResult]::new('addWatch', 'addWatch', [CompletionResultType]::ParameterValue, 'Persistent watch (-R: recursive); background in the REPL, a stream in one-shot mode')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Take a lock as kazoo or Curator does and run CMD while holding it (exit 9: busy)')
            [CompletionResult]::new('elect', 'elect', [CompletionResultType]::ParameterValue, 'Campaign for leadership as kazoo or Curator does and run CMD while leader')
            [CompletionResult]::new('locks', 'locks', [CompletionResultType]::ParameterValue, 'The holder and waiters of a lock (or an election), in order, for either dialect')
            [CompletionResult]::new('watches', 'watches', [CompletionResultType]::ParameterValue, 'List the watches this shell holds')
            [CompletionResult]::new('unwatch', 'unwatch', [CompletionResultType]::ParameterValue, 'Remove the watches held on a node')
            [CompletionResult]::new('removewatches', 'removewatches', [CompletionResultType]::ParameterValue, 'Remove the watches held on a node')
            [CompletionResult]::new('printwatches', 'printwatches', [CompletionResultType]::ParameterValue, 'Turn printing of watch events on or off')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Wait until a node exists, is absent, or changes (exit 8 on timeout)')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'Session id, negotiated timeout, connected server, state, watches held')
            [CompletionResult]::new('addauth', 'addauth', [CompletionResultType]::ParameterValue, 'Add credentials to the session (never stored in history)')
            [CompletionResult]::new('getAcl', 'getAcl', [CompletionResultType]::ParameterValue, 'Print a node''s ACL (scheme:id:perms per line)')
            [CompletionResult]::new('getacl', 'getacl', [CompletionResultType]::ParameterValue, 'Print a node''s ACL (scheme:id:perms per line)')
            [CompletionResult]::new('setAcl', 'setAcl', [CompletionResultType]::ParameterValue, 'Set a node''s ACL (-R: the whole tree)')
            [CompletionResult]::new('setacl', 'setacl', [CompletionResultType]::ParameterValue, 'Set a node''s ACL (-R: the whole tree)')
            [CompletionResult]::new('digest', 'digest', [CompletionResultType]::ParameterValue, 'Turn user:password into the digest id that digest ACLs name')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'The identities this session is authenticated as')
            [CompletionResult]::new('getEphemerals', 'getEphemerals', [CompletionResultType]::ParameterValue, 'Ephemeral nodes of this session')
            [CompletionResult]::new('ephemerals', 'ephemerals', [CompletionResultType]::ParameterValue, 'Ephemeral nodes of this session')
            [CompletionResult]::new('count', 'count', [CompletionResultType]::ParameterValue, 'Number of nodes below a node (getAllChildrenNumber)')
            [CompletionResult]::new('getAllChildrenNumber', 'getAllChildrenNumber', [CompletionResultType]::ParameterValue, 'Number of nodes below a node (getAllChildrenNumber)')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Make the connected server catch up with the leader')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print the ensemble''s dynamic configuration (/zookeeper/config)')
            [CompletionResult]::new('reconfig', 'reconfig', [CompletionResultType]::ParameterValue, 'Change the ensemble''s membership (zkCli flags: -add, -remove, -members, -file, -v)')
            [CompletionResult]::new('setquota', 'setquota', [CompletionResultType]::ParameterValue, 'Set a quota on a node (zkCli 3.8: -n/-b soft, -N/-B hard count/bytes)')
            [CompletionResult]::new('listquota', 'listquota', [CompletionResultType]::ParameterValue, 'Print a node''s quota and its usage')
            [CompletionResult]::new('delquota', 'delquota', [CompletionResultType]::ParameterValue, 'Remove a node''s quota (or only the limits flagged)')
            [CompletionResult]::new('4lw', '4lw', [CompletionResultType]::ParameterValue, 'Send a four-letter word to every member (srvr, mntr, ruok, cons, stat, envi, wchs)')
            [CompletionResult]::new('srvr', 'srvr', [CompletionResultType]::ParameterValue, 'Server details from every member (4lw srvr)')
            [CompletionResult]::new('mntr', 'mntr', [CompletionResultType]::ParameterValue, 'Monitoring values from every member (4lw mntr)')
            [CompletionResult]::new('ruok', 'ruok', [CompletionResultType]::ParameterValue, 'Is each member running? (4lw ruok)')
            [CompletionResult]::new('cons', 'cons', [CompletionResultType]::ParameterValue, 'Connections on every member (4lw cons)')
            [CompletionResult]::new('envi', 'envi', [CompletionResultType]::ParameterValue, 'Environment of every member (4lw envi)')
            [CompletionResult]::new('wchs', 'wchs', [CompletionResultType]::ParameterValue, 'Watches on every member (4lw wchs)')
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'One table of every member: mode, zxid, latency, connections, znodes')
            [CompletionResult]::new('tree', 'tree', [CompletionResultType]::ParameterValue, 'Draw the tree below a node')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Find nodes by name (glob, or --regex) below a node')
            [CompletionResult]::new('grep', 'grep', [CompletionResultType]::ParameterValue, 'Search node values (regular expression; binary-safe)')
            [CompletionResult]::new('du', 'du', [CompletionResultType]::ParameterValue, 'Bytes and node counts per child, largest first')
            [CompletionResult]::new('cp', 'cp', [CompletionResultType]::ParameterValue, 'Copy a node (-r: a tree), also to another cluster (zk://host:port/path)')
            [CompletionResult]::new('mv', 'mv', [CompletionResultType]::ParameterValue, 'Move a tree within the cluster (atomic when it fits in one multi)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Save a tree (data, ACLs, node types) to a JSON file')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Restore a tree from an export file')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two trees (paths, zk://host/path, or export files)')
            [CompletionResult]::new('txn', 'txn', [CompletionResultType]::ParameterValue, 'Apply create/set/delete/check ops as one atomic transaction')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit a value in $VISUAL/$EDITOR (written back with compare-and-set)')
            [CompletionResult]::new('txnlog', 'txnlog', [CompletionResultType]::ParameterValue, 'Print ZooKeeper transaction logs, one line a transaction (offline; no server)')
            [CompletionResult]::new('hotspots', 'hotspots', [CompletionResultType]::ParameterValue, 'The widest nodes, largest values, deepest paths and biggest subtrees')
            [CompletionResult]::new('acl', 'acl', [CompletionResultType]::ParameterValue, 'ACL tools: `acl audit [PATH]`')
            [CompletionResult]::new('blame', 'blame', [CompletionResultType]::ParameterValue, 'The last writes to a node (-R: below it), from the transaction logs')
            [CompletionResult]::new('who', 'who', [CompletionResultType]::ParameterValue, 'An ephemeral''s owner session and its client address; or a session''s ephemerals')
            [CompletionResult]::new('contexts', 'contexts', [CompletionResultType]::ParameterValue, 'List the config file''s contexts (the current one marked *)')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Switch to another context of the config file (its servers, credentials and rails)')
            [CompletionResult]::new('ui', 'ui', [CompletionResultType]::ParameterValue, 'Browse the tree full-screen: live, paged, with a preview and the command line on `:`')
            [CompletionResult]::new('cd', 'cd', [CompletionResultType]::ParameterValue, 'Change the current node')
            [CompletionResult]::new('pwd', 'pwd', [CompletionResultType]::ParameterValue, 'Print the current node')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Connect to other servers (closes the current session)')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close the session')
            [CompletionResult]::new('reconnect', 'reconnect', [CompletionResultType]::ParameterValue, 'Open a new session to the same servers (after `close`, or to drop this one''s ephemerals)')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Clear the screen (in the interactive shell; elsewhere it does nothing)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Print the command history')
            [CompletionResult]::new('redo', 'redo', [CompletionResultType]::ParameterValue, 'Run line N of `history` again (REPL only)')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print zksh''s version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Help on commands')
            [CompletionResult]::new('quit', 'quit', [CompletionResultType]::ParameterValue, 'Leave the shell')
            [CompletionResult]::new('exit', 'exit', [CompletionResultType]::ParameterValue, 'Leave the shell')
            break
        }
        'zksh;create' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Time to live of a persistent node (e.g. 10m; a bare number is milliseconds, as in zkCli)')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'Time to live of a persistent node (e.g. 10m; a bare number is milliseconds, as in zkCli)')
            [CompletionResult]::new('--acl', '--acl', [CompletionResultType]::ParameterName, 'ACL of the new node, zkCli syntax: scheme:id:perms[,...] (default world:anyone:cdrwa)')
            [CompletionResult]::new('--base64', '--base64', [CompletionResultType]::ParameterName, 'Value given in base64 (binary-safe)')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Value given in hex (binary-safe)')
            [CompletionResult]::new('--encode', '--encode', [CompletionResultType]::ParameterName, 'Compress the value before sending it')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Make missing parent nodes (persistent, empty)')
            [CompletionResult]::new('--parents', '--parents', [CompletionResultType]::ParameterName, 'Make missing parent nodes (persistent, empty)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Ephemeral: deleted when this session ends')
            [CompletionResult]::new('--ephemeral', '--ephemeral', [CompletionResultType]::ParameterName, 'Ephemeral: deleted when this session ends')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Sequential: the server appends a 10-digit counter to the name')
            [CompletionResult]::new('--sequential', '--sequential', [CompletionResultType]::ParameterName, 'Sequential: the server appends a 10-digit counter to the name')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Container: deleted by the server once its last child is gone')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Container: deleted by the server once its last child is gone')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Refuse the value unless it is JSON (checked before --encode; exit 2, nothing sent)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent, send nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;get' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Show the value as: text (decompressed), json (decompressed, pretty; fails when it is not JSON), hex, base64 (of the stored bytes), raw (the stored bytes, never decoded)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Also print the stat')
            [CompletionResult]::new('--stat', '--stat', [CompletionResultType]::ParameterName, 'Also print the stat')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Watch the node; the event prints when it fires')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Watch the node; the event prints when it fires')
            [CompletionResult]::new('--decode', '--decode', [CompletionResultType]::ParameterName, 'Decode also when stdout is not a terminal: gunzip/inflate, pretty JSON (a terminal shows values decoded by default)')
            [CompletionResult]::new('-x', '-x', [CompletionResultType]::ParameterName, 'As --as hex: a hexdump of the stored bytes')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'As --as hex: a hexdump of the stored bytes')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'As --as base64')
            [CompletionResult]::new('--base64', '--base64', [CompletionResultType]::ParameterName, 'As --as base64')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;set' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Only if the node is at this version (compare-and-set)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Only if the node is at this version (compare-and-set)')
            [CompletionResult]::new('--base64', '--base64', [CompletionResultType]::ParameterName, 'Value given in base64 (binary-safe)')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Value given in hex (binary-safe)')
            [CompletionResult]::new('--encode', '--encode', [CompletionResultType]::ParameterName, 'Compress the value before sending it')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Print the new stat')
            [CompletionResult]::new('--stat', '--stat', [CompletionResultType]::ParameterName, 'Print the new stat')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Refuse the value unless it is JSON (checked before --encode; exit 2, nothing sent)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent, send nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;ls' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Also print the node''s stat')
            [CompletionResult]::new('--stat', '--stat', [CompletionResultType]::ParameterName, 'Also print the node''s stat')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Watch the children; the event prints when it fires')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Watch the children; the event prints when it fires')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'List the whole tree below (full paths, breadth-first)')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'List the whole tree below (full paths, breadth-first)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Long listing: type, version, size, children, name')
            [CompletionResult]::new('--long', '--long', [CompletionResultType]::ParameterName, 'Long listing: type, version, size, children, name')
            [CompletionResult]::new('--decode-names', '--decode-names', [CompletionResultType]::ParameterName, 'Show URL-encoded names (Dubbo''s providers) decoded; JSON keeps the exact names')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;stat' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Watch the node; the event prints when it fires')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Watch the node; the event prints when it fires')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;exists' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Watch for creation, change or deletion')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Watch for creation, change or deletion')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;delete' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Only if the node is at this version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Only if the node is at this version')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Also delete everything below (as deleteall)')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Also delete everything below (as deleteall)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Skip the confirmation asked in the REPL above 1000 nodes (with -r)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent, send nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;rm' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Only if the node is at this version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Only if the node is at this version')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Also delete everything below (as deleteall)')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Also delete everything below (as deleteall)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Skip the confirmation asked in the REPL above 1000 nodes (with -r)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent, send nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;deleteall' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Accepted for zkCli.sh compatibility (batch size); zksh sizes batches itself')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (the REPL asks above 1000 nodes)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be deleted, delete nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;rmr' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Accepted for zkCli.sh compatibility (batch size); zksh sizes batches itself')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (the REPL asks above 1000 nodes)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be deleted, delete nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;watch' {
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'One-shot mode: stop after N events')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'One-shot mode: stop after this long (exit 0)')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Recursive: events for every node below too (persistent-recursive)')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Recursive: events for every node below too (persistent-recursive)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Print the new value with each NodeCreated / NodeDataChanged event')
            [CompletionResult]::new('--stop-on-error', '--stop-on-error', [CompletionResultType]::ParameterName, 'With CMD: end the watch when CMD fails, with its exit code')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;addWatch' {
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'One-shot mode: stop after N events')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'One-shot mode: stop after this long (exit 0)')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Recursive: events for every node below too (persistent-recursive)')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Recursive: events for every node below too (persistent-recursive)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Print the new value with each NodeCreated / NodeDataChanged event')
            [CompletionResult]::new('--stop-on-error', '--stop-on-error', [CompletionResultType]::ParameterName, 'With CMD: end the watch when CMD fails, with its exit code')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;lock' {
            [CompletionResult]::new('--dialect', '--dialect', [CompletionResultType]::ParameterName, 'Whose recipe: kazoo or curator (default: that of the nodes already there; curator for an empty directory)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after waiting this long (exit 9, see --conflict-exit-code)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The data of our node (kazoo''s identifier; Curator''s holder address); default HOST:PID')
            [CompletionResult]::new('--conflict-exit-code', '--conflict-exit-code', [CompletionResultType]::ParameterName, 'Exit code when it was not obtained in time (like flock -E)')
            [CompletionResult]::new('--kill-after', '--kill-after', [CompletionResultType]::ParameterName, 'After a lost session, SIGKILL the command''s group this long after SIGTERM')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Give up at once when someone else holds it (exit 9)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent, send nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;elect' {
            [CompletionResult]::new('--dialect', '--dialect', [CompletionResultType]::ParameterName, 'Whose recipe: kazoo or curator (default: that of the nodes already there; curator for an empty directory)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after waiting this long (exit 9, see --conflict-exit-code)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The data of our node (kazoo''s identifier; Curator''s holder address); default HOST:PID')
            [CompletionResult]::new('--conflict-exit-code', '--conflict-exit-code', [CompletionResultType]::ParameterName, 'Exit code when it was not obtained in time (like flock -E)')
            [CompletionResult]::new('--kill-after', '--kill-after', [CompletionResultType]::ParameterName, 'After a lost session, SIGKILL the command''s group this long after SIGTERM')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'Print the leader and the candidates in order, and exit')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Give up at once when someone else holds it (exit 9)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent, send nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;locks' {
            [CompletionResult]::new('--revoke', '--revoke', [CompletionResultType]::ParameterName, 'Write Curator''s revocation request (`__REVOKE__`) into this lock node (a name in PATH, or its full path); only a holder that made its lock revocable acts on it')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --revoke: print the write it would send, send nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;watches' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;unwatch' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Only child watches (zkCli -c)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Only data watches (zkCli -d)')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Any watch (zkCli -a; the default)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Accepted for zkCli compatibility (remove locally even when the server is gone)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;removewatches' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Only child watches (zkCli -c)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Only data watches (zkCli -d)')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Any watch (zkCli -a; the default)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Accepted for zkCli compatibility (remove locally even when the server is gone)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;printwatches' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;wait' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after this long (exit 8)')
            [CompletionResult]::new('--exists', '--exists', [CompletionResultType]::ParameterName, 'Until the node exists')
            [CompletionResult]::new('--absent', '--absent', [CompletionResultType]::ParameterName, 'Until the node does not exist')
            [CompletionResult]::new('--changed', '--changed', [CompletionResultType]::ParameterName, 'Until the node is created, changed or deleted')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;session' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;addauth' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;getAcl' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Also print the stat')
            [CompletionResult]::new('--stat', '--stat', [CompletionResultType]::ParameterName, 'Also print the stat')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;getacl' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Also print the stat')
            [CompletionResult]::new('--stat', '--stat', [CompletionResultType]::ParameterName, 'Also print the stat')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;setAcl' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Only if the ACL is at this version (aclVersion)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Only if the ACL is at this version (aclVersion)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Also print the stat')
            [CompletionResult]::new('--stat', '--stat', [CompletionResultType]::ParameterName, 'Also print the stat')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'The node and every node below it')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'The node and every node below it')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With -R: do not ask for confirmation (the REPL asks above 1000 nodes)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would change (with -R: every node), change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;setacl' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Only if the ACL is at this version (aclVersion)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Only if the ACL is at this version (aclVersion)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Also print the stat')
            [CompletionResult]::new('--stat', '--stat', [CompletionResultType]::ParameterName, 'Also print the stat')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'The node and every node below it')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'The node and every node below it')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With -R: do not ask for confirmation (the REPL asks above 1000 nodes)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would change (with -R: every node), change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;digest' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;whoami' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;getEphemerals' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;ephemerals' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;count' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;getAllChildrenNumber' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;sync' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;config' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Only the version and the members'' client addresses (zkCli''s -c)')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'Only the version and the members'' client addresses (zkCli''s -c)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Also print the stat of /zookeeper/config')
            [CompletionResult]::new('--stat', '--stat', [CompletionResultType]::ParameterName, 'Also print the stat of /zookeeper/config')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Watch the configuration; the event prints when it changes')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Watch the configuration; the event prints when it changes')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;reconfig' {
            [CompletionResult]::new('--add', '--add', [CompletionResultType]::ParameterName, 'Servers to add: server.N=HOST:PEER_PORT:ELECTION_PORT[:ROLE];[CLIENT_HOST:]CLIENT_PORT[,...] (zkCli: -add)')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Server ids to remove: N[,...] (zkCli: -remove)')
            [CompletionResult]::new('--members', '--members', [CompletionResultType]::ParameterName, 'The whole new membership, server strings as for --add (zkCli: -members)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the whole new membership from a dynamic config file (server.N=... lines) (zkCli: -file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Only if the configuration is at this version (hex, as `config` prints it)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Only if the configuration is at this version (hex, as `config` prints it)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Also print the stat of the new configuration')
            [CompletionResult]::new('--stat', '--stat', [CompletionResultType]::ParameterName, 'Also print the stat of the new configuration')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent, send nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;setquota' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Soft limit on the number of nodes (the node itself included); beyond it the server logs a warning')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Soft limit on the number of nodes (the node itself included); beyond it the server logs a warning')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Soft limit on the bytes of data in the subtree')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'Soft limit on the bytes of data in the subtree')
            [CompletionResult]::new('-N', '-N ', [CompletionResultType]::ParameterName, 'Hard limit on the number of nodes: the server refuses creates beyond it (zookeeper.enforceQuota=true)')
            [CompletionResult]::new('--count-hard', '--count-hard', [CompletionResultType]::ParameterName, 'Hard limit on the number of nodes: the server refuses creates beyond it (zookeeper.enforceQuota=true)')
            [CompletionResult]::new('-B', '-B ', [CompletionResultType]::ParameterName, 'Hard limit on the bytes of data: the server refuses writes beyond it (zookeeper.enforceQuota=true)')
            [CompletionResult]::new('--bytes-hard', '--bytes-hard', [CompletionResultType]::ParameterName, 'Hard limit on the bytes of data: the server refuses writes beyond it (zookeeper.enforceQuota=true)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent, send nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;listquota' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;delquota' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Remove only the soft count limit')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Remove only the soft count limit')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Remove only the soft bytes limit')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'Remove only the soft bytes limit')
            [CompletionResult]::new('-N', '-N ', [CompletionResultType]::ParameterName, 'Remove only the hard count limit')
            [CompletionResult]::new('--count-hard', '--count-hard', [CompletionResultType]::ParameterName, 'Remove only the hard count limit')
            [CompletionResult]::new('-B', '-B ', [CompletionResultType]::ParameterName, 'Remove only the hard bytes limit')
            [CompletionResult]::new('--bytes-hard', '--bytes-hard', [CompletionResultType]::ParameterName, 'Remove only the hard bytes limit')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent, send nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;4lw' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;srvr' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;mntr' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;ruok' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;cons' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;envi' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;wchs' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;cluster' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;tree' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Levels below the node to show')
            [CompletionResult]::new('--depth', '--depth', [CompletionResultType]::ParameterName, 'Levels below the node to show')
            [CompletionResult]::new('--decode-names', '--decode-names', [CompletionResultType]::ParameterName, 'Show URL-encoded names (Dubbo''s providers) decoded; JSON keeps the exact names')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;find' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only nodes of this type: e(phemeral) or p(ersistent)')
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'PATTERN is a regular expression (on names) instead of a glob')
            [CompletionResult]::new('--decode-names', '--decode-names', [CompletionResultType]::ParameterName, 'Match and show URL-encoded names (Dubbo''s providers) decoded; JSON keeps the exact paths')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;grep' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Case-insensitive')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'Case-insensitive')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'PATTERN is a fixed string')
            [CompletionResult]::new('--fixed', '--fixed', [CompletionResultType]::ParameterName, 'PATTERN is a fixed string')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Print only the paths of matching nodes')
            [CompletionResult]::new('--names', '--names', [CompletionResultType]::ParameterName, 'Print only the paths of matching nodes')
            [CompletionResult]::new('--decode', '--decode', [CompletionResultType]::ParameterName, 'Search values decompressed (gzip, zlib; as detected or as the config''s [decode] rules say)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;du' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;cp' {
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Copy the whole tree below SRC')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Copy the whole tree below SRC')
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Set data and ACL of nodes that already exist at the destination')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent, send nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;mv' {
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent, send nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;export' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;import' {
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Set data and ACL of nodes that already exist (default: they fail)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Check the file and print what would be created, change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;diff' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;txn' {
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent, send nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;edit' {
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Edit the stored bytes as they are (no decompression, no JSON check)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent, send nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;txnlog' {
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Only ops on paths matching GLOB (`*` within a name, `**` across levels); a path without wildcards matches itself and everything below it')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Only this session''s transactions (hex 0x.., or decimal)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'From this time (RFC 3339, e.g. 2026-12-01T10:00:00Z, or an age such as 2h) or zxid (0x..)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Up to this time or zxid (inclusive)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;hotspots' {
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'How many of each to show')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;acl' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Report risky ACLs below a node (exit 1 when something is found)')
            break
        }
        'zksh;acl;audit' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;blame' {
            [CompletionResult]::new('--txnlog', '--txnlog', [CompletionResultType]::ParameterName, 'The transaction logs: a dataDir, its version-2/, or log files (default: the --snapshot directory)')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'How many of the last writes to show')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Also the writes to every node below it')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Also the writes to every node below it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;who' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;contexts' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;use' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;ui' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;cd' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;pwd' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;connect' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;close' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;reconnect' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;clear' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;history' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;redo' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;version' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;help' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;quit' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'zksh;exit' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
