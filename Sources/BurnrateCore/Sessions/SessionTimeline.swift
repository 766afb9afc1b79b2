/// One call of a run, in order, with what the run had cost up to and including it.
public struct TimelineCall: Sendable, Hashable {
    public var call: PricedEvent
    /// The cost of the run's calls up to and including this one.
    public var runningCost: Money
    /// Microseconds from the run's first call to this one.
    public var offsetMicroseconds: Int64
}

/// A node of a run's step tree: a call, or a step (a span or caller id that calls name as their
/// parent but that is not itself a call of the run), with what it and everything beneath it cost.
///
/// The tree is a flat list in depth-first order, each node with its parent and depth, so that no
/// run, however deep its chain of calls, makes a deep structure to encode or free.
public struct StepNode: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case call, step
    }

    public var id: String
    public var kind: Kind
    /// The node above, `nil` for a root.
    public var parent: String?
    /// 0 for a root.
    public var depth: Int
    /// The step name: a call's own, or the first its calls give for a step node.
    public var name: String?
    /// The calls of the node and beneath it.
    public var calls: Int64
    /// The cost of the node's own call (a call) and of every call beneath it.
    public var cost: Money
    public var start: Timestamp
}

/// A run's calls in time order with a running total, and the tree of its steps.
public struct SessionTimeline: Sendable, Hashable {
    public var calls: [TimelineCall]
    /// The step tree, depth first, roots in the order of their first call.
    public var steps: [StepNode]

    /// Orders `calls` by time (then id) and builds the tree: a call whose `parent_id` is another
    /// call of the run hangs under that call; calls naming the same other parent hang under one
    /// step node for it; calls naming none are roots. A parent chain that loops is entered at its
    /// earliest call, so that every call appears exactly once.
    public init(calls unordered: [PricedEvent]) {
        let ordered = unordered.sorted {
            ($0.event.timestamp.microseconds, $0.event.id) < ($1.event.timestamp.microseconds, $1.event.id)
        }
        let start = ordered.first?.event.timestamp.microseconds ?? 0
        var running = Money.zero
        calls = ordered.map { priced in
            running = running + priced.cost.total
            return TimelineCall(call: priced, runningCost: running, offsetMicroseconds: priced.event.timestamp.microseconds - start)
        }
        steps = Self.tree(ordered)
    }

    private static func tree(_ ordered: [PricedEvent]) -> [StepNode] {
        let byID = Dictionary(ordered.map { ($0.event.id, $0) }, uniquingKeysWith: { first, _ in first })
        var children: [String: [String]] = [:]
        var roots: [String] = []
        var isRoot: Set<String> = []
        for priced in ordered {
            let event = priced.event
            if let parent = event.run.parentID, parent != event.id {
                children[parent, default: []].append(event.id)
                if byID[parent] == nil, isRoot.insert(parent).inserted { roots.append(parent) }
            } else if isRoot.insert(event.id).inserted {
                roots.append(event.id)
            }
        }
        // Calls on a parent chain that loops are reached from no root: each loop is entered at its
        // earliest call, which becomes a root.
        roots += ordered.map(\.event.id)
        var nodes: [StepNode] = []
        var placed: Set<String> = []
        for root in roots where placed.insert(root).inserted {
            // Depth first with an explicit stack; each node's sums are added up when its subtree is done.
            var stack: [(index: Int, pending: [String], next: Int)] = []
            func open(_ id: String, parent: String?, depth: Int) {
                let call = byID[id]
                nodes.append(
                    StepNode(
                        id: id, kind: call == nil ? .step : .call, parent: parent, depth: depth,
                        name: call?.event.run.step ?? children[id]?.lazy.compactMap { byID[$0]?.event.run.step }.first,
                        calls: call == nil ? 0 : 1, cost: call?.cost.total ?? .zero,
                        start: call?.event.timestamp ?? children[id].flatMap { $0.first.flatMap { byID[$0]?.event.timestamp } }
                            ?? Timestamp(microseconds: 0)))
                stack.append((nodes.count - 1, children[id] ?? [], 0))
            }
            open(root, parent: nil, depth: 0)
            while let top = stack.last {
                if top.next < top.pending.count {
                    stack[stack.count - 1].next += 1
                    let child = top.pending[top.next]
                    if placed.insert(child).inserted { open(child, parent: nodes[top.index].id, depth: nodes[top.index].depth + 1) }
                    continue
                }
                stack.removeLast()
                if let above = stack.last {
                    nodes[above.index].calls += nodes[top.index].calls
                    nodes[above.index].cost = nodes[above.index].cost + nodes[top.index].cost
                }
            }
        }
        return nodes.filter { $0.calls > 0 }
    }
}
