/*
 * netload: the load generator of Weft's network benchmarks. One thread, epoll, level-triggered.
 *
 *   netload HOST PORT CONNS SIZE DEPTH SECONDS WARMUP [SERVER_PID]
 *
 * Opens CONNS TCP connections; each keeps DEPTH messages of SIZE bytes in flight (DEPTH 1 is
 * ping-pong) and sends the next one when a whole message has come back. A message's latency
 * runs from the moment it was queued for sending to the arrival of its last echoed byte.
 * Figures cover the SECONDS after WARMUP only. With SERVER_PID it also reads, at the two ends
 * of that window, the server's CPU time (utime+stime in /proc/PID/stat), its VmRSS, and the
 * machine's busy time (/proc/stat), and prints the server's CPU microseconds per message and
 * the cores that other processes used meanwhile. One line on stdout, key=value pairs.
 *
 * It is built to cost less per message than any server it drives: one read per readiness
 * event into a 1 MiB buffer, writes straight from a constant buffer, no copying, no checks
 * beyond byte counts (the byte-for-byte checks live in the tests).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUCKET_NS 100
#define BUCKETS 2000000                  /* 100 ns buckets up to 200 ms; the last one holds the rest */
#define RBUF (1 << 20)

struct conn {
    int fd;
    int writing;                         /* EPOLLOUT requested */
    uint64_t to_send;                    /* bytes queued, not yet written */
    uint64_t got;                        /* bytes of the oldest unanswered message received so far */
    uint64_t *sent_at;                   /* ring of DEPTH queue times */
    int head, tail;                      /* always DEPTH apart: a message is queued as one comes back */
};

static uint64_t *hist;
static int ep, depth;
static uint64_t size;
static char *pattern;
static uint64_t pattern_len;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t) t.tv_sec * 1000000000u + (uint64_t) t.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(2);
}

static void want_write(struct conn *c, int on) {
    if (c->writing == on) return;
    struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev)) die("epoll_ctl");
    c->writing = on;
}

static void flush(struct conn *c) {
    while (c->to_send > 0) {
        uint64_t n = c->to_send < pattern_len ? c->to_send : pattern_len;
        ssize_t w = write(c->fd, pattern, n);
        if (w < 0) {
            if (errno == EAGAIN) break;
            die("write");
        }
        c->to_send -= (uint64_t) w;
    }
    want_write(c, c->to_send > 0);
}

static void queue_message(struct conn *c, uint64_t t) {
    c->sent_at[c->tail] = t;
    c->tail = (c->tail + 1) % depth;
    c->to_send += size;
}

/* Process-wide CPU seconds of pid from /proc/pid/stat (fields 14 and 15, in clock ticks). */
static double proc_cpu(int pid) {
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');        /* the command name may hold spaces */
    if (!p) return -1;
    unsigned long ut = 0, st = 0;
    /* after ')': state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) return -1;
    return (double) (ut + st) / (double) sysconf(_SC_CLK_TCK);
}

static long proc_rss_kb(int pid) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1) break;
    fclose(f);
    return kb;
}

/* Busy CPU seconds of the whole machine (user+nice+system+irq+softirq+steal) from /proc/stat. */
static double machine_busy(void) {
    FILE *f = fopen("/proc/stat", "r");
    if (!f) return -1;
    unsigned long long u, n, s, idle, io, irq, sirq, steal;
    int ok = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &u, &n, &s, &idle, &io, &irq, &sirq, &steal);
    fclose(f);
    if (ok != 8) return -1;
    return (double) (u + n + s + irq + sirq + steal) / (double) sysconf(_SC_CLK_TCK);
}

static double self_cpu(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return (double) r.ru_utime.tv_sec + (double) r.ru_stime.tv_sec + (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

static double percentile(uint64_t total, double q) {
    uint64_t want = (uint64_t) ((double) total * q), seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
        seen += hist[i];
        if (seen > want) return (i + 0.5) * BUCKET_NS / 1000.0;
    }
    return (double) BUCKETS * BUCKET_NS / 1000.0;
}

int main(int argc, char **argv) {
    if (argc < 8) {
        fprintf(stderr, "usage: %s HOST PORT CONNS SIZE DEPTH SECONDS WARMUP [SERVER_PID]\n", argv[0]);
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    const char *host = argv[1];
    int port = atoi(argv[2]), nconns = atoi(argv[3]);
    size = strtoull(argv[4], 0, 10);
    depth = atoi(argv[5]);
    double secs = atof(argv[6]), warm = atof(argv[7]);
    int spid = argc > 8 ? atoi(argv[8]) : 0;
    if (nconns < 1 || size < 1 || depth < 1 || secs <= 0 || secs > 120 || warm < 0 || warm > 60) {
        fprintf(stderr, "netload: need CONNS, SIZE, DEPTH >= 1, 0 < SECONDS <= 120, 0 <= WARMUP <= 60\n");
        return 1;
    }
    pattern_len = size * (uint64_t) depth;
    if (pattern_len < 65536) pattern_len = 65536;
    pattern = malloc(pattern_len);
    for (uint64_t i = 0; i < pattern_len; i++) pattern[i] = (char) ('a' + i % 23);
    char *rbuf = malloc(RBUF);
    hist = calloc(BUCKETS, sizeof *hist);
    struct conn *cs = calloc((size_t) nconns, sizeof *cs);
    if (!pattern || !rbuf || !hist || !cs) die("malloc");
    if ((ep = epoll_create1(0)) < 0) die("epoll_create1");

    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port)};
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        fprintf(stderr, "netload: HOST must be an IPv4 address, not %s\n", host);
        return 1;
    }
    for (int i = 0; i < nconns; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
        if (fd < 0) die("socket");
        if (connect(fd, (struct sockaddr *) &sa, sizeof sa)) die("connect");
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(fd, F_SETFL, O_NONBLOCK);
        cs[i].fd = fd;
        cs[i].sent_at = calloc((size_t) depth, sizeof(uint64_t));
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &cs[i]};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)) die("epoll_ctl");
    }
    uint64_t t0 = now_ns();
    for (int i = 0; i < nconns; i++) {
        for (int d = 0; d < depth; d++) queue_message(&cs[i], t0);
        flush(&cs[i]);
    }

    uint64_t start = t0 + (uint64_t) (warm * 1e9), end = start + (uint64_t) (secs * 1e9), done = 0;
    int measuring = 0;
    double cpu0 = 0, busy0 = 0, self0 = 0;
    struct epoll_event evs[512];
    for (;;) {
        int n = epoll_wait(ep, evs, 512, 50);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        uint64_t t = now_ns();
        if (!measuring && t >= start) {
            measuring = 1;
            memset(hist, 0, BUCKETS * sizeof *hist);
            done = 0;
            start = t;
            end = t + (uint64_t) (secs * 1e9);
            if (spid) cpu0 = proc_cpu(spid);
            busy0 = machine_busy();
            self0 = self_cpu();
        }
        if (measuring && t >= end) break;
        for (int i = 0; i < n; i++) {
            struct conn *c = evs[i].data.ptr;
            if (evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                ssize_t r = read(c->fd, rbuf, RBUF);
                if (r == 0) {
                    fprintf(stderr, "netload: the server closed a connection\n");
                    return 2;
                }
                if (r < 0) {
                    if (errno != EAGAIN) die("read");
                } else {
                    uint64_t have = c->got + (uint64_t) r;
                    while (have >= size) {
                        have -= size;
                        if (measuring) {
                            uint64_t b = (t - c->sent_at[c->head]) / BUCKET_NS;
                            hist[b < BUCKETS ? b : BUCKETS - 1]++;
                            done++;
                        }
                        c->head = (c->head + 1) % depth;
                        queue_message(c, t);
                    }
                    c->got = have;
                    flush(c);
                }
            }
            if ((evs[i].events & EPOLLOUT) && c->to_send > 0) flush(c);
        }
    }
    uint64_t t1 = now_ns();
    double wall = (double) (t1 - start) / 1e9;
    double self = self_cpu() - self0, busy = machine_busy() - busy0;
    printf("conns=%d size=%llu depth=%d rps=%.0f p50_us=%.1f p99_us=%.1f client_cores=%.2f", nconns,
           (unsigned long long) size, depth, (double) done / wall, percentile(done, 0.50), percentile(done, 0.99),
           self / wall);
    if (spid) {
        double cpu = proc_cpu(spid) - cpu0;
        printf(" server_cores=%.2f server_us_per_req=%.2f server_rss_kb=%ld foreign_cores=%.2f", cpu / wall,
               done ? cpu / (double) done * 1e6 : 0.0, proc_rss_kb(spid), (busy - cpu - self) / wall);
    }
    printf("\n");
    return 0;
}
