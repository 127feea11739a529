"""Every change to organisations, people, structure and logins (the one door): each action
takes the actor first, checks the policy, and records its audit event in its transaction.

- ``people``: founding an organisation, its settings, people in and out of service;
- ``structure``: departments, teams and their managers;
- ``logins``: logins and roles;
- ``transfers``: the employee import (check, apply) and the record of an export.
"""
