print("wine-server")
