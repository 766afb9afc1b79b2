import BurnrateCore
import Testing

@testable import BurnrateServer

/// A streamed exchange is finished exactly once, even when its body is never written.
@Suite struct FinishOnceTests {
    @Test func finishingTwiceFinishesOnce() async {
        let (calls, continuation) = AsyncStream<EventStatus>.makeStream()
        let finish = FinishOnce { status, _ in continuation.yield(status) }
        await finish(.ok, nil)
        await finish(.error, nil)
        continuation.finish()
        var seen: [EventStatus] = []
        for await status in calls { seen.append(status) }
        #expect(seen == [.ok])
    }

    @Test(.timeLimit(.minutes(1))) func aResponseDroppedBeforeItsBodyRanFinishesAsAnError() async {
        let (calls, continuation) = AsyncStream<EventStatus>.makeStream()
        do {
            let finish = FinishOnce { status, _ in
                continuation.yield(status)
                continuation.finish()
            }
            _ = finish
        }
        var seen: [EventStatus] = []
        for await status in calls { seen.append(status) }
        #expect(seen == [.error])
    }
}
