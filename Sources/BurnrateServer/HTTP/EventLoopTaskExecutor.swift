import NIOCore

/// A task executor that runs jobs on one NIO event loop.
///
/// A task that prefers it runs on the thread that owns its connection's socket, so reading the
/// request, forwarding it and writing the response need no hand-off between threads.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
