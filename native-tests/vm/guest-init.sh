#!/bin/busybox sh
# /init of the vm test guests: load the virtio-fs modules the kernel builds as modules, mount the share and
# run vm_guest (vmmode=scenarios or vmmode=soak:SECONDS on the kernel command line) or the demo's dd
# (vmmode=demo), then power off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
# dependency order; a module the kernel has built in is simply absent
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci fuse virtiofs; do
  [ -f /lib/modules/$m.ko ] && insmod /lib/modules/$m.ko
done
mode=$(sed -n 's/.*vmmode=\([^ ]*\).*/\1/p' /proc/cmdline)
if mount -t virtiofs share /mnt; then
  case $mode in
    soak:*) /bin/vm_guest --soak /mnt "${mode#soak:}" ;;
    demo)
      echo "VMDEMO guest: $(uname -m), Linux $(uname -r)"
      echo "VMDEMO guest# dd if=/dev/zero of=/mnt/demo bs=4096 count=16 oflag=direct"
      dd if=/dev/zero of=/mnt/demo bs=4096 count=16 oflag=direct 2>&1 | sed 's/^/VMDEMO   /'
      ls -l /mnt/demo 2>&1 | sed 's/^/VMDEMO   /'
      echo "VMDEMO-DONE" ;;
    *) /bin/vm_guest /mnt
       # A second mount of the same device: the kernel sends DESTROY, then a new INIT to the same daemon, which
       # must negotiate again (what a guest's reboot does too).
       umount /mnt
       if mount -t virtiofs share /mnt && echo again > /mnt/remount && [ "$(cat /mnt/remount)" = again ]; then
         echo "VMTEST remount PASS"
       else
         echo "VMTEST remount FAIL second mount, write or read back"
       fi ;;
  esac
  umount /mnt
else
  echo "VMTEST mount FAIL mount -t virtiofs: exit $?"
  echo "VMTEST-DONE"
fi
poweroff -f
