from qalamoun_cli.entry import main

main()
