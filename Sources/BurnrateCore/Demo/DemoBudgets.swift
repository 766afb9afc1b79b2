/// The budgets `serve --demo` starts with, so that a first look at the Budgets and Executive
/// pages shows what budgets do: one on track, one forecast to exceed its amount, and one the
/// proxy enforces. Their amounts are set from the demo's own month so far, so they tell that
/// story on whatever day the demo is seeded.
public enum DemoBudgets {
    /// The budgets, before their amounts are known: all spend, the largest tenant, and the agent
    /// feature with a hard limit in the proxy.
    public static func templates(now: Timestamp) -> [Budget] {
        [
            Budget(id: "demo-all-llm", name: "All AI spend", period: .monthly, amount: Money(dollars: 1), createdAt: now),
            Budget(
                id: "demo-globex", name: "Globex (tenant)", scope: BudgetScope(["tenant": ["globex"]]), period: .monthly,
                amount: Money(dollars: 1), createdAt: now),
            Budget(
                id: "demo-agents-hard", name: "Agent workflows (enforced by the proxy)",
                scope: BudgetScope(["feature": ["agent-workflows"]]), period: .monthly, amount: Money(dollars: 1), enforcement: .hard,
                createdAt: now),
        ]
    }

    /// `template` with an amount that tells its story against what its scope has `spent` this
    /// month and is `projected` to spend by the end of it.
    public static func sized(_ template: Budget, spent: Money, projected: Money) -> Budget {
        var budget = template
        let amount: Money
        switch template.id {
        // Forecast to exceed: above what is spent, below where the month is heading.
        case "demo-globex": amount = max(spent.scaled(by: 11, over: 10), projected.scaled(by: 4, over: 5))
        // Enforced, with room: the proxy refuses calls only once the feature is half again over its pace.
        case "demo-agents-hard": amount = projected.scaled(by: 3, over: 2)
        // On track.
        default: amount = projected.scaled(by: 13, over: 10)
        }
        budget.amount = rounded(amount, to: template.scope.filters.isEmpty ? 100 : 10)
        return budget
    }

    /// Up to a whole number of `dollars`, and never less than that.
    static func rounded(_ money: Money, to dollars: Int64) -> Money {
        let step = Money(dollars: dollars).nanos
        return Money(nanos: max(step, (money.nanos / step + (money.nanos % step == 0 ? 0 : 1)) * step))
    }
}
