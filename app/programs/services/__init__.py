"""Work programs, one module per seam:

* ``reading``: programs as the public reads them, whether a mechanism is on track, the filters
  and the summary figures;
* ``progress``: progress entry by staff (scope, recording and correcting);
* ``csv_format``: the files of the CSV format, reading them and the problems of an import;
* ``validation``: checking every row of the files and building the program in memory;
* ``importing`` and ``exporting``: a program from and to its CSV files;
* ``uploads``: a program's files uploaded in the workspace, checked, then confirmed;
* ``api_data``: programs as open data;
* ``demo``: the demo programs, imported with the demo data.
"""
