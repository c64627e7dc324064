#!/usr/bin/python3
"""GStreamer's RTSP server (gst-rtsp-server) for the agent's tests, on 127.0.0.1.

A camera publishes H.264 to rtsp://127.0.0.1:PORT/publish (ANNOUNCE, SETUP, RECORD, as
`ffmpeg -f rtsp -rtsp_transport tcp` does); readers play it from rtsp://127.0.0.1:PORT/cam
(DESCRIBE, SETUP, PLAY), RTP interleaved over the RTSP connection: the server hands the
publisher's H.264 access units to the reader mount, untouched, with SPS/PPS before every key
frame (h264parse) so that a reader may join at any time.

Usage: rtsp-server.py PORT. Prints "listening PORT" once bound, "publishing" when a
publisher's first frame arrives; SIGTERM or SIGINT stops it.
"""

import signal
import sys

try:
    import gi

    gi.require_version("Gst", "1.0")
    gi.require_version("GstApp", "1.0")
    gi.require_version("GstRtsp", "1.0")
    gi.require_version("GstRtspServer", "1.0")
    from gi.repository import GLib, Gst, GstApp, GstRtsp, GstRtspServer
except (ImportError, ValueError) as error:
    sys.exit(f"{error}: install python3-gi and gir1.2-gst-rtsp-server-1.0 (.ci/run does)")

H264 = "video/x-h264,stream-format=byte-stream,alignment=au"


def main() -> None:
    Gst.init(None)
    port = int(sys.argv[1])
    readers: set[GstApp.AppSrc] = set()
    published = {"first": True}

    def on_sample(sink: GstApp.AppSink) -> Gst.FlowReturn:
        sample = sink.emit("pull-sample")
        if published["first"]:
            published["first"] = False
            print("publishing", flush=True)
        buffer = sample.get_buffer().copy()
        # The readers' pipeline is live with its own clock: appsrc stamps every buffer on arrival.
        buffer.pts = buffer.dts = Gst.CLOCK_TIME_NONE
        for src in list(readers):
            src.emit("push-buffer", buffer)
        return Gst.FlowReturn.OK

    def on_record(_factory, media) -> None:
        media.get_element().get_by_name("sink").connect("new-sample", on_sample)

    def on_play(_factory, media) -> None:
        src = media.get_element().get_by_name("src")
        readers.add(src)
        media.connect("unprepared", lambda _m: readers.discard(src))

    record = GstRtspServer.RTSPMediaFactory()
    record.set_transport_mode(GstRtspServer.RTSPTransportMode.RECORD)
    record.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
    record.set_launch(
        f"( rtph264depay name=depay0 ! h264parse config-interval=-1 ! {H264} "
        "! appsink name=sink emit-signals=true sync=false )"
    )
    record.connect("media-configure", on_record)

    play = GstRtspServer.RTSPMediaFactory()
    play.set_shared(True)
    play.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
    play.set_launch(
        f"( appsrc name=src is-live=true do-timestamp=true format=time caps={H264} "
        "! rtph264pay name=pay0 pt=96 config-interval=-1 )"
    )
    play.connect("media-configure", on_play)

    server = GstRtspServer.RTSPServer()
    # One thread per client: the publisher's interleaved RTP is read on its client's thread, so a
    # reader's DESCRIBE, which waits for that data, must not hold the same thread.
    server.get_thread_pool().set_max_threads(-1)
    server.set_address("127.0.0.1")
    server.set_service(str(port))
    server.get_mount_points().add_factory("/publish", record)
    server.get_mount_points().add_factory("/cam", play)
    if server.attach(None) == 0:
        sys.exit(f"cannot listen on 127.0.0.1:{port}")
    print(f"listening {server.get_bound_port()}", flush=True)

    loop = GLib.MainLoop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, loop.quit)
    loop.run()


if __name__ == "__main__":
    main()
