"""What a call costs and what that means to the user: model prices (pricing),
the display currency (currency), subscription plans (plans) and spend
budgets (budgets)."""
