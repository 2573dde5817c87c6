console.log("temporal install: later")
