/* A user of the installed libfuse adapter: a real libfuse low-level session served through the adapter over a
 * socketpair (fuse_session_custom_io() instead of a mount), torn down in the documented order. */
#define FUSE_USE_VERSION 314
#include <fuse_lowlevel.h>
#include <fusecanon_fuse_adapter.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct fusecanon_fuse_adapter_config cfg = { .size = sizeof(cfg) };
    cfg.session.size = sizeof(cfg.session);
    struct fusecanon_fuse_adapter *ad = NULL;
    int rc = fusecanon_fuse_adapter_new(&cfg, &ad);
    if (rc != FUSECANON_OK) {
        fprintf(stderr, "fusecanon_fuse_adapter_new: %s\n", fusecanon_error_name(rc));
        return 1;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) != 0)
        return 1;
    struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
    struct fuse_lowlevel_ops ops = { 0 };
    struct fuse_session *se = fuse_session_new(&args, &ops, sizeof(ops), NULL);
    if (se == NULL)
        return 1;
    rc = fusecanon_fuse_adapter_attach(ad, se, sv[0]);
    if (rc != FUSECANON_OK) {
        fprintf(stderr, "fusecanon_fuse_adapter_attach: %s\n", fusecanon_error_name(rc));
        return 1;
    }
    int mode = fusecanon_session_mode(fusecanon_fuse_adapter_session(ad));
    fuse_session_destroy(se); /* closes sv[0] */
    fusecanon_fuse_adapter_destroy(ad);
    fuse_opt_free_args(&args);
    close(sv[1]);
    if (mode != FUSECANON_MODE_PENDING) {
        fprintf(stderr, "a new adapter's session should wait for INIT, mode %d\n", mode);
        return 1;
    }
    printf("adapter consumer: attached to libfuse %s, session pending INIT\n", fuse_pkgversion());
    return 0;
}
