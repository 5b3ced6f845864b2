from qalamoun_cli.cli import main

main()
