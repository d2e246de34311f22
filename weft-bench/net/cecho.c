/*
 * cecho: the floor of Weft's echo benchmarks — the cheapest server this machine allows.
 * One thread, level-triggered epoll, one read per readiness event into a 64 KiB buffer, the
 * bytes written straight back; what the socket does not take waits in a per-connection
 * buffer while the connection watches for EPOLLOUT (and stops reading until it drains).
 *
 *   cecho PORT          (binds 127.0.0.1; prints "ready" once listening)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF 65536

struct conn {
    int fd;
    char *left;                          /* bytes the socket did not take */
    size_t left_len, left_off;
};

static int ep;

static void watch(struct conn *c, unsigned events) {
    struct epoll_event ev = {.events = events, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static void drop(struct conn *c) {
    close(c->fd);
    free(c->left);
    free(c);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);            /* a client that vanishes mid-write is an EPIPE, not our end */
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(argv[1])),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(ls, (struct sockaddr *) &sa, sizeof sa) || listen(ls, 4096)) {
        perror("cecho: bind/listen");
        return 1;
    }
    ep = epoll_create1(0);
    struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &lev);
    char *buf = malloc(BUF);
    printf("ready\n");
    fflush(stdout);
    struct epoll_event evs[512];
    for (;;) {
        int n = epoll_wait(ep, evs, 512, -1);
        for (int i = 0; i < n; i++) {
            struct conn *c = evs[i].data.ptr;
            if (!c) {
                int fd;
                while ((fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct conn *nc = calloc(1, sizeof *nc);
                    nc->fd = fd;
                    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = nc};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
                }
                continue;
            }
            if (c->left_len) {
                ssize_t w = write(c->fd, c->left + c->left_off, c->left_len - c->left_off);
                if (w < 0 && errno != EAGAIN) {
                    drop(c);
                    continue;
                }
                if (w > 0) c->left_off += (size_t) w;
                if (c->left_off == c->left_len) {
                    c->left_len = c->left_off = 0;
                    watch(c, EPOLLIN);
                }
                continue;
            }
            ssize_t r = read(c->fd, buf, BUF);
            if (r <= 0) {
                if (r < 0 && errno == EAGAIN) continue;
                drop(c);
                continue;
            }
            ssize_t w = write(c->fd, buf, (size_t) r);
            if (w < 0) {
                if (errno != EAGAIN) {
                    drop(c);
                    continue;
                }
                w = 0;
            }
            if (w < r) {
                c->left = realloc(c->left, (size_t) (r - w));
                memcpy(c->left, buf + w, (size_t) (r - w));
                c->left_len = (size_t) (r - w);
                c->left_off = 0;
                watch(c, EPOLLOUT);
            }
        }
    }
}
