"""Training pages, one module per section: `courses`, `sessions`, `enrolment`, `attendance`,
`calendar` (public calendar and one's own record), `plans`, `figures` and `external`. Thin:
fetch through the scoped helpers of `queries`, validate a form, call one service, render.
Outside the user's scope every page answers 404."""
