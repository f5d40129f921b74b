#!/usr/bin/env python3
# tests/rt/rt-instance.py — a private, throw-away Request Tracker 5 for tests.
#
# Copyright 2026 The Onsite Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   rt-instance.py start DIR [OWNER]
#                                  create (or reuse) an instance in DIR, start it
#                                  on a free port of 127.0.0.1; prints two lines:
#                                  the base URL and the server's process id.
#                                  With OWNER (a process id), a watcher stops
#                                  the server when that process is gone, so a
#                                  test that aborts leaves no server behind
#   rt-instance.py stop PID        stop that server (SIGTERM to its session)
#   rt-instance.py token DIR USER  mint an auth token for USER, print it
#
# The initialised database is built once and kept in a template folder
# ($ONSITE_RT_TEMPLATE, else $ONSITE_BUILD_ROOT/tests/rt-template, else a
# folder under the system's temporary directory); every instance starts
# from a copy of it, which takes milliseconds instead of seconds.
#
# Python 3 standard library only. Facts behind the choices are in
# /work/shared/notes/request-tracker.md (BcryptCost, MailCommand, workers,
# SIGTERM, the web installer served on a broken database…).

import base64
import fcntl
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
INITIALDATA = os.path.join(HERE, 'initialdata.pl')
RT_LIB = '/usr/share/request-tracker5/lib'
RT_SERVER = '/usr/share/request-tracker5/libexec/rt-server'
RT_SETUP = '/usr/sbin/rt-setup-database'


def die(message):
    print('rt-instance: ' + message, file=sys.stderr)
    sys.exit(1)


def write_config(folder, port):
    def q(path):
        return "'" + path.replace('\\', '\\\\').replace("'", "\\'") + "'"

    var = os.path.join(folder, 'var')
    for sub in ('', 'mason_data', 'session_data'):
        os.makedirs(os.path.join(var, sub), exist_ok=True)
    os.makedirs(os.path.join(folder, 'config.d'), exist_ok=True)

    mail = os.path.join(folder, 'mail.log')
    config = f"""
Set($rtname, 'onsite-test');
Set($Organization, 'onsite.test');
Set($WebDomain, '127.0.0.1');
Set($WebPort, {port});
Set($WebPath, '');
Set($WebBaseURL, 'http://127.0.0.1:{port}');
Set($CanonicalizeRedirectURLs, 0);
Set($DatabaseType, 'SQLite');
Set($DatabaseName, {q(os.path.join(folder, 'rt.db'))});
Set($VarPath, {q(var)});
Set($MasonDataDir, {q(os.path.join(var, 'mason_data'))});
Set($MasonSessionDir, {q(os.path.join(var, 'session_data'))});
Set($BcryptCost, 4);
Set($Timezone, 'UTC');
Set($LogToSyslog, undef);
Set($LogToSTDERR, 'error');
Set($MailCommand, sub {{
  my $mime = shift;
  open (my $fh, '>>', {q(mail)}) or return 0;
  print $fh $mime->as_string, "\\n";
  close $fh;
  return 1;
}});
1;
"""
    path = os.path.join(folder, 'RT_SiteConfig.pm')
    with open(path, 'w') as f:
        f.write(config)
    return path


def rt_env(folder):
    env = dict(os.environ)
    env['RT_SITE_CONFIG'] = os.path.join(folder, 'RT_SiteConfig.pm')
    env['RT_SITE_CONFIG_DIR'] = os.path.join(folder, 'config.d')
    env.pop('PERL5LIB', None)
    return env


def run(args, folder):
    result = subprocess.run(args, env=rt_env(folder), cwd=folder,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    if result.returncode != 0:
        die(f"{' '.join(args)} failed:\n{result.stdout}")


def initialise(folder):
    write_config(folder, 1)
    run([RT_SETUP, '--action', 'init', '--skip-create'], folder)
    run([RT_SETUP, '--action', 'insert', '--datafile', INITIALDATA], folder)


def template_folder():
    with open(INITIALDATA, 'rb') as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:12]
    base = os.environ.get('ONSITE_RT_TEMPLATE')
    if not base:
        root = os.environ.get('ONSITE_BUILD_ROOT')
        if root:
            base = os.path.join(root, 'tests', 'rt-template')
        else:
            base = os.path.join(tempfile.gettempdir(), f'onsite-rt-template-{os.getuid()}')
    return os.path.join(base, digest)


def ensure_template():
    folder = template_folder()
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, '.lock'), 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = os.path.join(folder, 'ready')
        if not os.path.exists(done):
            db = os.path.join(folder, 'rt.db')
            if os.path.exists(db):
                os.unlink(db)
            initialise(folder)
            open(done, 'w').close()
    return folder


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_ready(url, proc, timeout=60):
    auth = base64.b64encode(b'root:password').decode()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            req = urllib.request.Request(url + '/REST/2.0/rt',
                                         headers={'Authorization': 'Basic ' + auth})
            with urllib.request.urlopen(req, timeout=5) as resp:
                if resp.status == 200 and b'"Version"' in resp.read():
                    return True
        except (urllib.error.URLError, ConnectionError, socket.timeout, OSError):
            pass
        time.sleep(0.1)
    return False


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f'/proc/{pid}/stat') as f:
            return f.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except OSError:
        return True


def watch(owner, server, folder):
    owner, server = int(owner), int(server)
    while alive(server):
        if not alive(owner):
            stop(server)
            if not os.environ.get('ONSITE_KEEP_RT'):
                shutil.rmtree(folder, ignore_errors=True)
            return
        time.sleep(0.5)


def start_watcher(owner, server, folder):
    subprocess.Popen([sys.executable, os.path.abspath(__file__), 'watch', str(owner), str(server),
                      folder],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)


def start(folder, owner=None):
    folder = os.path.abspath(folder)
    os.makedirs(folder, exist_ok=True)
    if not os.path.exists(os.path.join(folder, 'rt.db')):
        template = ensure_template()
        shutil.copy2(os.path.join(template, 'rt.db'), os.path.join(folder, 'rt.db'))

    workers = os.environ.get('ONSITE_RT_WORKERS', '1')
    for attempt in range(3):
        port = free_port()
        write_config(folder, port)
        url = f'http://127.0.0.1:{port}'
        log = open(os.path.join(folder, 'server.log'), 'ab')
        proc = subprocess.Popen([RT_SERVER, '--server', 'Starlet',
                                 '--host', '127.0.0.1', '--port', str(port),
                                 '--max-workers', workers],
                                env=rt_env(folder), cwd=folder,
                                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                start_new_session=True)
        log.close()
        if wait_ready(url, proc):
            with open(os.path.join(folder, 'server.pid'), 'w') as f:
                f.write(f'{proc.pid}\n')
            if owner:
                start_watcher(owner, proc.pid, folder)
            print(url)
            print(proc.pid)
            sys.stdout.flush()
            return
        stop(proc.pid)
    die('Request Tracker did not answer on /REST/2.0/rt; see ' +
        os.path.join(folder, 'server.log'))


def stop(pid):
    pid = int(pid)
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    except PermissionError:
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        # The server is our grandchild at most; reap it if it is ours.
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.05)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def token(folder, user):
    folder = os.path.abspath(folder)
    script = r'''
use strict; use warnings;
use lib $ARGV[0];
use RT; RT::LoadConfig(); RT::Init();
my $user = RT::User->new(RT->SystemUser);
$user->Load($ARGV[1]) or die "no such user\n";
my $token = RT::AuthToken->new(RT->SystemUser);
my ($ok, $msg, $auth) = $token->Create(Owner => $user->Id, Description => 'onsite tests');
die "$msg\n" unless $ok;
print "$auth\n";
'''
    result = subprocess.run(['perl', '-e', script, RT_LIB, user], env=rt_env(folder),
                            cwd=folder, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    if result.returncode != 0 or not result.stdout.strip():
        die('could not mint a token: ' + result.stderr.strip())
    print(result.stdout.strip())


def main(argv):
    if len(argv) in (3, 4) and argv[1] == 'start':
        start(argv[2], argv[3] if len(argv) == 4 else None)
    elif len(argv) == 5 and argv[1] == 'watch':
        watch(argv[2], argv[3], argv[4])
    elif len(argv) == 3 and argv[1] == 'stop':
        stop(argv[2])
    elif len(argv) == 4 and argv[1] == 'token':
        token(argv[2], argv[3])
    elif len(argv) == 2 and argv[1] == 'template':
        print(ensure_template())
    else:
        print(__doc__ or 'usage: rt-instance.py start DIR | stop PID | token DIR USER',
              file=sys.stderr)
        sys.exit(2)


if __name__ == '__main__':
    main(sys.argv)
