"""Pages for coordinators, counsellors and supervisors, by page family. Reads start from
`visible_to(user)` (another enterprise → 404) or a selector; rights inside one's enterprise come from
`permissions` (missing → 403); writes go through `services`, always with the user as actor."""
