from civicatlas.cli import main

main()
