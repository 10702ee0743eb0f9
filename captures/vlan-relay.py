#!/usr/bin/env python3
"""A software 802.1Q sub-interface for kernels built without CONFIG_VLAN_8021Q (the recorder's VM).

Usage: vlan-relay.py PARENT TAP VID
Frames the node sends on the tap device TAP leave PARENT tagged with VID; frames arriving on PARENT
tagged with VID (in-band, or stripped into packet metadata by the kernel) are written to TAP without
the tag. So keepalived on TAP behaves as on a kernel VLAN interface PARENT.VID, and the switch sees
real 802.1Q frames.
"""
import fcntl
import os
import select
import socket
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 1 << 4


def main() -> None:
    parent, tap, vid = sys.argv[1], sys.argv[2], int(sys.argv[3])
    tun = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(tun, TUNSETIFF, struct.pack("16sH", tap.encode(), IFF_TAP | IFF_NO_PI))
    raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    raw.bind((parent, 0))
    raw.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    tag = struct.pack("!HH", 0x8100, vid)
    while True:
        ready, _, _ = select.select([tun, raw], [], [])
        if tun in ready:
            frame = os.read(tun, 65536)
            raw.send(frame[:12] + tag + frame[12:])
        if raw in ready:
            data, anc, _flags, addr = raw.recvmsg(65536, socket.CMSG_SPACE(20))
            if addr[2] == socket.PACKET_OUTGOING:
                continue
            tci = None
            for level, kind, value in anc:
                if level == SOL_PACKET and kind == PACKET_AUXDATA:
                    status, _l, _s, _m, _n, vlan_tci, _tpid = struct.unpack("IIIHHHH", value[:20])
                    if status & TP_STATUS_VLAN_VALID:
                        tci = vlan_tci
            if tci is None and data[12:14] == b"\x81\x00":
                tci = struct.unpack("!H", data[14:16])[0]
                data = data[:12] + data[16:]
            if tci is not None and (tci & 0x0FFF) == vid:
                os.write(tun, data)


if __name__ == "__main__":
    main()
