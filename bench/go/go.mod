module gogobench

go 1.19
