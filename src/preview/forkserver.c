/*
 * forkserver.c - the preview's builds without exec: a process forked at
 * start, before any thread, that forks one child per build step (`pdf`,
 * `html --lang nl`, ...) and runs the command in it as main would. What
 * it saves on every save is exec's cost: mapping and linking techzine's
 * ninety shared libraries again and faulting their pages in, about a
 * quarter of a `techzine pdf` run on the demo issue (issue 23), and what
 * every step loads first (warm_up). The steps
 * stay processes of their own, so a crash in a build still cannot take
 * the server down, and their output still goes to one log each.
 *
 * The server is single-threaded (forking a process with threads leaves
 * their locks held in the child); it talks to the builder over a
 * SOCK_SEQPACKET pair: a request is the log path and the arguments, NUL
 * separated; the answers are "started PID" and "exited PID STATUS" (it
 * reaps its children through a signalfd). When it cannot be started or
 * has gone, the builder spawns /proc/self/exe as before (build.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>

#include "preview.h"
#include "../text/hyphen.h"
#include "../util/banned.h"

#define MAX_REQUEST 8192
#define MAX_ARGS 32

struct answer {
	char kind; /* 's' started, 'x' exited */
	pid_t pid;
	int status; /* as waitpid gives it */
	long cpu_us; /* user + system time of the step */
};

static void child(int sock, char *req, size_t len, tz_preview_runner run)
{
	char *args[MAX_ARGS + 1];
	int argc = 0;
	const char *log = req;
	for (size_t at = strlen(req) + 1; at < len && argc < MAX_ARGS; at += strlen(req + at) + 1)
		args[argc++] = req + at;
	args[argc] = NULL;
	close(sock);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int out = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0 || argc < 2)
		_exit(127);
	close(in);
	close(out);
	exit(run(argc - 1, args + 1)); /* args[0] is the program, as for exec */
}

/* What every build step loads first and keeps for the process's life,
 * loaded once here so that each forked step finds it in place: the
 * hyphenation dictionaries (text/hyphen.c caches them) and fontconfig's
 * configuration and font list. */
static void warm_up(void)
{
	struct tz_error err;
	tz_hyph_dutch(&err);
	tz_hyph_english();
	FcInit();
}

static void serve(int sock, tz_preview_runner run)
{
	static char req[MAX_REQUEST];
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	int sfd = signalfd(-1, &chld, SFD_CLOEXEC);
	if (sfd < 0)
		_exit(1);
	warm_up();
	for (;;) {
		struct pollfd pf[2] = {{sock, POLLIN, 0}, {sfd, POLLIN, 0}};
		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pf[1].revents) {
			struct signalfd_siginfo si;
			struct rusage ru;
			int st;
			pid_t pid;
			if (read(sfd, &si, sizeof si) < 0 && errno != EAGAIN)
				break;
			while ((pid = wait4(-1, &st, WNOHANG, &ru)) > 0) {
				struct answer a = {'x', pid, st, tz_rusage_us(&ru)};
				if (send(sock, &a, sizeof a, MSG_NOSIGNAL) < 0)
					break;
			}
		}
		if (pf[0].revents & (POLLERR | POLLHUP | POLLNVAL) && !(pf[0].revents & POLLIN))
			break; /* the preview has gone */
		if (pf[0].revents & POLLIN) {
			ssize_t n = recv(sock, req, sizeof req - 1, 0);
			if (n <= 0)
				break;
			req[n] = '\0';
			fflush(NULL);
			pid_t pid = fork();
			if (pid == 0)
				child(sock, req, (size_t)n, run);
			struct answer a = {'s', pid, 0, 0};
			if (send(sock, &a, sizeof a, MSG_NOSIGNAL) < 0)
				break;
		}
	}
	_exit(0);
}

int tz_forkserver_start(struct tz_forkserver *fs, tz_preview_runner run)
{
	int sv[2];
	memset(fs, 0, sizeof *fs);
	fs->sock = -1;
	if (!run || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		serve(sv[1], run);
	}
	close(sv[1]);
	fs->sock = sv[0];
	fs->pid = pid;
	return 0;
}

/* Read one answer; a "started" one is returned, an "exited" one kept. */
static int next_answer(struct tz_forkserver *fs, struct answer *a)
{
	for (;;) {
		ssize_t n = recv(fs->sock, a, sizeof *a, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof *a)
			return -1;
		return 0;
	}
}

static void keep(struct tz_forkserver *fs, const struct answer *a)
{
	if (fs->nexited < TZ_FORKSERVER_JOBS) {
		fs->exited[fs->nexited].pid = a->pid;
		fs->exited[fs->nexited].status = a->status;
		fs->exited[fs->nexited++].cpu_us = a->cpu_us;
	}
}

long tz_rusage_us(const struct rusage *ru)
{
	return (long)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1000000L +
	       (long)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec);
}

pid_t tz_forkserver_run(struct tz_forkserver *fs, char *const *args, const char *log)
{
	char req[MAX_REQUEST];
	size_t len = 0;
	struct answer a;
	if (fs->sock < 0)
		return -1;
	for (int i = -1; i < 0 || args[i]; i++) {
		const char *s = i < 0 ? log : args[i];
		size_t l = strlen(s) + 1;
		if (len + l > sizeof req || i >= MAX_ARGS)
			return -1;
		memcpy(req + len, s, l);
		len += l;
	}
	if (send(fs->sock, req, len, MSG_NOSIGNAL) != (ssize_t)len)
		goto gone;
	for (;;) {
		if (next_answer(fs, &a))
			goto gone;
		if (a.kind == 's')
			return a.pid > 0 ? a.pid : -1;
		keep(fs, &a);
	}
gone:
	tz_forkserver_stop(fs);
	return -1;
}

int tz_forkserver_wait(struct tz_forkserver *fs, pid_t pid, int *status, long *cpu_us)
{
	struct answer a;
	for (;;) {
		for (size_t i = 0; i < fs->nexited; i++)
			if (fs->exited[i].pid == pid) {
				*status = fs->exited[i].status;
				*cpu_us = fs->exited[i].cpu_us;
				fs->exited[i] = fs->exited[--fs->nexited];
				return 0;
			}
		if (fs->sock < 0 || next_answer(fs, &a)) {
			tz_forkserver_stop(fs);
			return -1;
		}
		if (a.kind == 'x')
			keep(fs, &a);
	}
}

void tz_forkserver_stop(struct tz_forkserver *fs)
{
	if (fs->sock >= 0)
		close(fs->sock); /* the server sees the hang-up and exits */
	fs->sock = -1;
	if (fs->pid > 0)
		while (waitpid(fs->pid, NULL, 0) < 0 && errno == EINTR)
			;
	fs->pid = 0;
}
