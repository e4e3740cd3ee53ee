print("jivocrm")
