"""The tables of the PAT 2024 document (seed 004) that the shipped data must match.

``ANEXO_1``: per action line (Anexo 1), (commitments, indicators, deliverables).
``ANEXO_2``: the 104 rows of Anexo 2: No., responsible area, periodicity, mechanism, unit
("-": "No aplica"), as printed (row 70 included: the data follows Anexo 1 for it, see
``app/demo/programs/README.md``).
"""

ANEXO_1 = {
    "1.1.1": (1, 0, 1),
    "1.1.2": (1, 0, 1),
    "1.2.1": (1, 0, 1),
    "1.3.1": (1, 0, 1),
    "1.3.2": (1, 1, 0),
    "1.3.3": (3, 3, 0),
    "2.1.1": (1, 0, 1),
    "2.1.2": (1, 0, 1),
    "2.1.3": (2, 2, 0),
    "2.1.4": (1, 1, 0),
    "2.2.1": (1, 0, 1),
    "2.2.2": (4, 2, 2),
    "2.3.1": (2, 1, 1),
    "2.3.2": (1, 1, 0),
    "2.3.3": (1, 0, 1),
    "2.3.4": (2, 2, 0),
    "2.4.1": (1, 0, 2),
    "2.4.2": (1, 1, 0),
    "2.4.3": (1, 0, 1),
    "2.4.4": (1, 1, 0),
    "2.4.5": (1, 1, 0),
    "2.4.6": (1, 1, 0),
    "3.1.1": (3, 2, 1),
    "3.1.2": (2, 1, 1),
    "3.2.1": (1, 1, 0),
    "3.2.2": (3, 1, 2),
    "3.2.3": (4, 2, 2),
    "3.3.1": (2, 0, 2),
    "3.3.2": (1, 0, 1),
    "3.3.3": (4, 0, 4),
    "3.4.1": (1, 1, 0),
    "3.4.2": (1, 1, 0),
    "3.4.3": (1, 1, 0),
    "4.1.1": (1, 0, 1),
    "4.1.2": (1, 1, 0),
    "4.1.3": (1, 0, 1),
    "4.2.1": (1, 0, 1),
    "4.2.2": (1, 0, 1),
    "4.2.3": (2, 1, 2),
    "5.1.1": (1, 0, 1),
    "5.1.2": (1, 0, 1),
    "5.1.3": (2, 1, 1),
    "5.1.4": (1, 1, 0),
    "5.1.5": (1, 0, 1),
    "5.1.6": (2, 2, 0),
    "5.1.7": (3, 2, 1),
    "5.2.1": (1, 1, 0),
    "5.2.2": (1, 0, 1),
    "5.2.3": (2, 1, 2),
    "6.1.1": (3, 1, 2),
    "6.1.2": (4, 3, 1),
    "6.2.1": (3, 2, 1),
    "6.2.2": (1, 0, 1),
    "6.2.3": (1, 1, 0),
    "6.2.4": (1, 0, 1),
    "6.3.1": (1, 1, 0),
    "6.4.1": (2, 2, 0),
    "6.5.1": (2, 2, 0),
    "6.5.2": (1, 1, 0),
    "6.6.1": (2, 2, 0),
    "6.6.2": (1, 0, 1),
    "6.7.1": (1, 0, 1),
    "6.7.2": (1, 1, 0),
    "6.7.3": (1, 0, 1),
    "6.7.4": (1, 0, 1),
}

ANEXO_2 = """
1 UAS annual deliverable -
2 UAS annual deliverable -
3 UJ annual deliverable -
4 UJ annual deliverable -
5 UAS annual indicator percent
6 UAS annual indicator percent
7 UAS annual indicator percent
8 UAS annual indicator percent
9 UAS annual deliverable -
10 CAC annual deliverable -
11 UAS annual indicator percent
12 UAS annual indicator percent
13 UAS annual indicator percent
14 UJ annual deliverable -
15 UAS annual indicator percent
16 UAS annual indicator percent
17 UAS annual deliverable -
18 CAC annual deliverable -
19 UAS annual indicator percent
20 CAC annual deliverable -
21 UAS annual indicator percent
22 CAC annual deliverable -
23 UAS annual indicator percent
24 UAS annual indicator percent
25.1 CAC annual deliverable -
25.2 CAC quarterly deliverable -
26 CAC annual indicator percent
27 CAC annual deliverable -
28 CAC annual indicator percent
29 CAC annual indicator percent
30 CAC annual indicator percent
31 UAF annual deliverable -
32 UI annual indicator percent
33 UI annual indicator percent
34 UAS annual deliverable -
35 UI annual indicator percent
36 UAF annual indicator percent
37 UAF annual indicator percent
38 UAS annual deliverable -
39 UAS annual deliverable -
40 UAF annual deliverable -
41 UAF annual deliverable -
42 UAF annual indicator percent
43 UAF annual indicator percent
44 UAS annual deliverable -
45 UAS annual deliverable -
46 UAS annual deliverable -
47 UPECE semiannual deliverable -
48 UPECE annual deliverable -
49 UAS annual deliverable -
50 UAS annual deliverable -
51 UAF annual indicator percent
52 UAF annual indicator percent
53 UAF annual indicator percent
54 CAC annual deliverable -
55 CAC annual indicator percent
56 CAC annual deliverable -
57 CAC annual deliverable -
58 CAC annual deliverable -
59.1 CAC annual deliverable -
59.2 CAC annual deliverable -
60 UAS annual indicator percent
61 CTyV annual deliverable -
62 UAF annual deliverable -
63 CTyV annual deliverable -
64 UAS annual indicator percent
65 UAS annual indicator percent
66 UAS annual deliverable -
67 CTyV annual indicator percent
68 CTyV annual indicator percent
69 UPECE annual deliverable -
70 UPECE annual deliverable -
71 UPECE annual indicator percent
72 UI annual indicator percent
73 UAF annual deliverable -
74.1 UAS annual deliverable -
74.2 UAS annual deliverable -
75 UAF annual indicator percent
76 UAS annual indicator percent
77 UAS annual deliverable -
78 UPECE annual deliverable -
79 UAS annual indicator ratio
80 UAS annual deliverable -
81 UAS annual indicator percent
82 UPECE annual indicator percent
83 UAS annual deliverable -
84 UAS annual indicator percent
85 UAS annual indicator percent
86 UAS annual deliverable -
87 UAS annual indicator percent
88 UAS annual deliverable -
89 CAC annual indicator percent
90 CAC annual indicator percent
91 CAC annual indicator percent
92 UAF annual indicator percent
93 UPECE annual indicator percent
94 CTyV annual indicator percent
95 UAS annual indicator percent
96 UAS annual indicator percent
97 UAS annual deliverable -
98 UAF annual deliverable -
99 UAS annual indicator percent
100 UAF annual deliverable -
101 CAC annual deliverable -
"""
